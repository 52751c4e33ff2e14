# wxmock in a container: a static binary on an empty (scratch) image,
# run as a non-root user, listening on 0.0.0.0:8080.
#
#   docker build -t wxmock .                 # the "image" target: builds with golang:1.26
#   docker run --rm -p 8080:8080 wxmock
#
# Where no registry can be reached (no golang image), build the "local"
# target around a static binary built on the host; the build context is a
# directory holding that binary and an empty data/ (scratch has no mkdir):
#
#   CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o ctx/wxmock ./cmd/wxmock && mkdir -p ctx/data
#   podman build --format docker --target local -t wxmock -f Dockerfile ctx
#
# Unused stages are skipped (BuildKit, and buildah by default), so the
# local target never pulls golang. --format docker keeps the HEALTHCHECK,
# which the OCI image format cannot hold. .ci/container-check builds the
# local target and checks it.

ARG GO_VERSION=1.26

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# .git is not in the context (.dockerignore), so no VCS stamp: wxmock
# version says (devel). Release binaries (.goreleaser.yaml) carry it.
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -buildvcs=false -ldflags='-s -w' -o /out/wxmock ./cmd/wxmock \
 && mkdir /out/data && chown 65532:65532 /out/data

# runtime is what both targets share: the image's configuration.
FROM scratch AS runtime
# The default state is embedded in the binary. /data is the writable
# place for files wxmock keeps (a -persist file, the local CA): HOME
# points there, since a numeric user has no home directory.
ENV HOME=/data
# Numeric: scratch has no /etc/passwd to look a name up in.
USER 65532:65532
EXPOSE 8080
# The image has no shell and no curl: the binary checks itself. Its
# -timeout (2 s) is within --timeout. It reads WXMOCK_ADMIN_TOKEN, like
# the server, when the container sets one.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["/wxmock", "health", "-addr", "127.0.0.1:8080"]
# Arguments given to docker run come after these, and a later flag wins.
ENTRYPOINT ["/wxmock", "-addr", "0.0.0.0:8080"]

# local: around a binary built on the host (see the top of this file).
FROM runtime AS local
COPY --chown=65532:65532 data/ /data/
COPY wxmock /wxmock

# image, the default target: the binary from the build stage.
FROM runtime AS image
COPY --from=build --chown=65532:65532 /out/data/ /data/
COPY --from=build /out/wxmock /wxmock
