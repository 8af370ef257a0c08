package provider

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/validation"
)

// settings is the JSON form of ProviderSettings in provider_configs.settings.
type settings struct {
	Organization string `json:"organization,omitempty"`
	Project      string `json:"project,omitempty"`
	Referer      string `json:"referer,omitempty"`
	AppTitle     string `json:"app_title,omitempty"`
	BearerAuth   bool   `json:"bearer_auth,omitempty"`
}

func settingsFromProto(p *bestchatv1.ProviderSettings) settings {
	return settings{
		Organization: p.GetOrganization(), Project: p.GetProject(), Referer: p.GetReferer(),
		AppTitle: p.GetAppTitle(), BearerAuth: p.GetBearerAuth(),
	}
}

func (st settings) proto() *bestchatv1.ProviderSettings {
	return &bestchatv1.ProviderSettings{
		Organization: st.Organization, Project: st.Project, Referer: st.Referer,
		AppTitle: st.AppTitle, BearerAuth: st.BearerAuth,
	}
}

func decodeSettings(raw []byte) settings {
	var st settings
	// The column is written only by encode; a row that does not decode
	// (edited by hand) has no settings rather than failing every call.
	_ = json.Unmarshal(raw, &st)
	return st
}

func (st settings) encode() []byte {
	b, err := json.Marshal(st)
	if err != nil {
		return []byte("{}")
	}
	return b
}

// set lists the names of the fields that are set.
func (st settings) set() []string {
	var out []string
	if st.Organization != "" {
		out = append(out, settingOrganization)
	}
	if st.Project != "" {
		out = append(out, settingProject)
	}
	if st.Referer != "" {
		out = append(out, settingReferer)
	}
	if st.AppTitle != "" {
		out = append(out, settingAppTitle)
	}
	if st.BearerAuth {
		out = append(out, settingBearerAuth)
	}
	return out
}

// validate records what is wrong with st for provider p under field prefix.
func (st settings) validate(p userProvider, prefix string, v *validation.Violations) {
	for _, name := range st.set() {
		if !p.allows(name) {
			applies := "none apply"
			if len(p.settings) > 0 {
				applies = "it takes " + strings.Join(p.settings, ", ")
			}
			v.Addf(prefix+"."+name, "does not apply to provider %q (%s)", p.ID, applies)
		}
	}
	if st.Referer != "" {
		if u, err := url.Parse(st.Referer); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			v.Add(prefix+".referer", "must be an http or https URL without credentials")
		}
	}
	if hasControl(st.AppTitle) {
		v.Add(prefix+".app_title", "must not contain control characters")
	}
}

// headers are the HTTP headers st adds to every call.
func (st settings) headers() map[string]string {
	h := map[string]string{}
	if st.Organization != "" {
		h["OpenAI-Organization"] = st.Organization
	}
	if st.Project != "" {
		h["OpenAI-Project"] = st.Project
	}
	if st.Referer != "" {
		h["HTTP-Referer"] = st.Referer
	}
	if st.AppTitle != "" {
		h["X-Title"] = st.AppTitle
	}
	if len(h) == 0 {
		return nil
	}
	return h
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// checkName says what is wrong with a label or model id ("" when nothing).
func checkName(s string, max int) string {
	switch {
	case len(s) > max:
		return fmt.Sprintf("must be at most %d bytes", max)
	case hasControl(s):
		return "must not contain control characters"
	case strings.TrimSpace(s) != s:
		return "must not start or end with spaces"
	}
	return ""
}
