package bestchat_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// dockerfile is a parsed Dockerfile: its instructions by stage.
type dockerfile struct {
	stages []stage
}

type stage struct {
	from, name string
	lines      []string // instructions, continuation lines joined
}

func parseDockerfile(t *testing.T, path string) dockerfile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d dockerfile
	var cur string
	for _, raw := range strings.Split(string(b), "\n") {
		line := strings.TrimSpace(raw)
		if strings.HasPrefix(line, "#") || (line == "" && cur == "") {
			continue
		}
		if cont, ok := strings.CutSuffix(line, "\\"); ok {
			cur += cont + " "
			continue
		}
		line, cur = cur+line, ""
		if line == "" {
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		switch strings.ToUpper(word) {
		case "FROM":
			f := strings.Fields(rest)
			s := stage{from: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				s.name = f[2]
			}
			d.stages = append(d.stages, s)
		case "RUN", "COPY", "USER", "ENV", "EXPOSE", "ENTRYPOINT", "CMD", "WORKDIR", "ARG", "LABEL":
			if len(d.stages) == 0 {
				t.Fatalf("%s: %s before FROM", path, word)
			}
			s := &d.stages[len(d.stages)-1]
			s.lines = append(s.lines, strings.ToUpper(word)+" "+rest)
		default:
			t.Fatalf("%s: unknown instruction %q", path, word)
		}
	}
	return d
}

func (s stage) has(prefix string) bool {
	for _, l := range s.lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func TestDockerfile(t *testing.T) {
	t.Parallel()
	d := parseDockerfile(t, "Dockerfile")
	if len(d.stages) < 2 {
		t.Fatalf("want a multi-stage build, got %d stage(s)", len(d.stages))
	}
	build, run := d.stages[0], d.stages[len(d.stages)-1]
	if !strings.HasPrefix(build.from, "golang:1.26") {
		t.Errorf("build stage FROM %s, want the go.mod's Go (golang:1.26)", build.from)
	}
	if !build.has("RUN CGO_ENABLED=0 go build") || !regexp.MustCompile(`go build .* \./cmd/bestchatd$`).MatchString(strings.Join(build.lines, "\n")) {
		t.Errorf("the build stage must build ./cmd/bestchatd statically:\n%s", strings.Join(build.lines, "\n"))
	}
	if !strings.HasPrefix(run.from, "gcr.io/distroless/static") || !strings.HasSuffix(run.from, ":nonroot") {
		t.Errorf("run stage FROM %s, want distroless static, nonroot", run.from)
	}
	if !run.has("USER nonroot") {
		t.Error("the run stage does not drop to an unprivileged USER")
	}
	if !run.has("COPY --from="+build.name+" /out/bestchatd ") || len(run.lines) == 0 {
		t.Errorf("the run stage must copy bestchatd alone from %q", build.name)
	}
	for _, l := range run.lines {
		if strings.HasPrefix(l, "COPY") && !strings.Contains(l, "bestchatd") {
			t.Errorf("the run stage copies more than bestchatd: %s", l)
		}
	}
	if !run.has(`ENTRYPOINT ["/usr/local/bin/bestchatd"]`) || !run.has(`CMD ["serve"]`) || !run.has("EXPOSE 8080") {
		t.Errorf("the run stage must run bestchatd serve on 8080:\n%s", strings.Join(run.lines, "\n"))
	}
	if !run.has("ENV BESTCHAT_ADDR=0.0.0.0:8080") {
		t.Error("bestchatd must listen on all interfaces inside the container")
	}
	ignore, err := os.ReadFile(".dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, needed := range []string{"internal", "gen", "go.sum", "dist"} {
		if strings.Contains(string(ignore), needed) {
			t.Errorf(".dockerignore leaves out %s, which the build needs", needed)
		}
	}
}

func TestCompose(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Name     string `yaml:"name"`
		Services map[string]struct {
			Image       string                       `yaml:"image"`
			Build       string                       `yaml:"build"`
			DependsOn   map[string]map[string]string `yaml:"depends_on"`
			Environment map[string]string            `yaml:"environment"`
			Ports       []string                     `yaml:"ports"`
			Healthcheck map[string]any               `yaml:"healthcheck"`
			Volumes     []string                     `yaml:"volumes"`
			Restart     string                       `yaml:"restart"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	pg, ok := c.Services["postgres"]
	if !ok || !strings.HasPrefix(pg.Image, "postgres:") || pg.Healthcheck == nil {
		t.Fatalf("want a postgres service with a health check, got %+v", pg)
	}
	api, ok := c.Services["bestchatd"]
	if !ok || api.Build != "." {
		t.Fatalf("want a bestchatd service built from the Dockerfile, got %+v", api)
	}
	if api.DependsOn["postgres"]["condition"] != "service_healthy" {
		t.Error("bestchatd must wait for a healthy postgres")
	}
	db := api.Environment["DATABASE_URL"]
	want := "postgres://" + pg.Environment["POSTGRES_USER"] + ":" + pg.Environment["POSTGRES_PASSWORD"] + "@postgres:5432/" + pg.Environment["POSTGRES_DB"]
	if !strings.HasPrefix(db, want) {
		t.Errorf("DATABASE_URL %q does not reach the postgres service (%s...)", db, want)
	}
	if len(api.Ports) != 1 || !strings.HasSuffix(api.Ports[0], ":8080") {
		t.Errorf("ports %v, want the container's 8080 published", api.Ports)
	}
	// Every BESTCHAT_ variable compose sets must be one bestchatd reads.
	main, err := os.ReadFile("cmd/bestchatd/main.go")
	if err != nil {
		t.Fatal(err)
	}
	auth := 0
	for k := range api.Environment {
		if strings.HasPrefix(k, "BESTCHAT_") && !strings.Contains(string(main), `"`+k+`"`) {
			t.Errorf("compose sets %s, which bestchatd does not read", k)
		}
		if k == "BESTCHAT_JWT_SECRET" || k == "BESTCHAT_JWKS_URL" {
			auth++
		}
	}
	if auth != 1 {
		t.Error("compose must configure exactly one way to verify tokens (there is no unauthenticated mode)")
	}
	if _, ok := c.Volumes["pgdata"]; !ok || len(pg.Volumes) != 1 || !strings.HasPrefix(pg.Volumes[0], "pgdata:") {
		t.Error("PostgreSQL's data must live in a named volume")
	}
}
