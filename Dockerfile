# bestchatd in a container: docker build -t bestchatd . (compose.yaml runs it
# with PostgreSQL). Only the server is built; migrations are embedded and run
# at start-up (--migrate).

# Build stage: a static binary (pgx and the rest are pure Go).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bestchatd ./cmd/bestchatd

# Run stage: no shell, no package manager, an unprivileged user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/bestchatd /usr/local/bin/bestchatd
USER nonroot:nonroot
ENV BESTCHAT_ADDR=0.0.0.0:8080 \
    BESTCHAT_LOG_FORMAT=json \
    BESTCHAT_DATA_DIR=/tmp/bestchat
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/bestchatd"]
CMD ["serve"]
