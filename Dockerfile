# syntax=docker/dockerfile:1
#
# One image for the whole system: the six executables (identity, enrollment, classes,
# assessment, certificates, gateway) and their resource bundles (SQL migrations) in /app.
# Each container picks its executable with its command, e.g. `command: ["/app/identity"]`
# (see docker-compose.yml and docs/CONFIGURATION.md). There is no ENTRYPOINT and no CMD on
# purpose: running the image without a command is an error, never a silently chosen service.
#
# Build:  docker compose build        (or: docker build -t training-certification:dev .)
# No build arguments.

# ---------------------------------------------------------------------------------------------
# Builder. Development uses the Swift 6.3.1 toolchain; the image is pinned to the newest
# official bookworm tag known to exist, swift:6.1-bookworm. The package needs Swift tools 6.0,
# so any 6.x toolchain builds it. Bump the tag when a newer swift:*-bookworm image is published.
FROM swift:6.1-bookworm AS build

RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends \
      libprotobuf-c-dev protobuf-c-compiler libpq-dev libssl-dev zlib1g-dev libjpeg62-turbo-dev libqrencode-dev libxlsxwriter-dev libhpdf-dev libfreetype-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .

# The .build directory lives in a BuildKit cache mount, so rebuilds are incremental and the
# dependency checkouts are fetched once. The results are copied out to /out in the same step
# (a cache mount is not part of the image). `sharing=locked` serializes the six identical
# builds `docker compose build` may start at once; after the first, the others find nothing
# to do. The Swift runtime is linked statically (--static-swift-stdlib); the C libraries
# (libprotobuf-c, libpq, OpenSSL) stay dynamic and come from Debian in the runtime image.
# Copied to /out:
#   - the six executables, and the national-registry simulator (B-3) that compose runs beside them;
#   - every resource bundle (TrainingCertification_<Target>.resources, holding the SQL
#     migrations, and the gateway's Web/ front-end files): Bundle.module looks for them next
#     to the executable, so they go beside it;
#   - Swift's static crash backtracer, so a crash prints a symbolicated backtrace
#     (SWIFT_BACKTRACE below).
RUN --mount=type=cache,target=/src/.build,sharing=locked \
    set -eu; \
    products="identity enrollment classes assessment certificates gateway registry-simulator"; \
    for product in $products; do \
      swift build -c release --static-swift-stdlib --product "$product"; \
    done; \
    bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"; \
    mkdir -p /out; \
    for product in $products; do cp "$bin/$product" /out/; done; \
    for bundle in "$bin"/*.resources; do \
      if [ -d "$bundle" ]; then cp -R "$bundle" /out/; fi; \
    done; \
    cp /usr/libexec/swift/linux/swift-backtrace-static /out/; \
    ls -la /out

# ---------------------------------------------------------------------------------------------
# Runtime: Debian slim with only the shared C libraries the executables link against
# (libprotobuf-c1, libpq5, libssl3, zlib1g; libstdc++6, which the statically linked Swift
# runtime still needs, is listed explicitly), CA certificates, curl (the gateway's healthcheck) and
# tzdata. No TZ is set: containers run in UTC and the services store and log times in UTC;
# local-time rendering (e.g. Asia/Shanghai) is the clients' job, not the container's.
FROM debian:bookworm-slim

RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends \
      libprotobuf-c1 libpq5 libssl3 zlib1g libjpeg62-turbo libqrencode4 libxlsxwriter4 libhpdf-2.3.0 libfreetype6 fonts-wqy-microhei libstdc++6 ca-certificates curl tzdata \
 && rm -rf /var/lib/apt/lists/*

# Non-root user that runs the services (compose may override the uid to read the mounted
# development keys; see docs/CONFIGURATION.md).
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin app

WORKDIR /app
COPY --from=build /out/ /app/

# Fail the image build, not the first start, when a shared library is missing.
RUN set -eu; \
    for exe in identity enrollment classes assessment certificates gateway; do \
      test -x "/app/$exe"; \
      if ldd "/app/$exe" | grep -q 'not found'; then ldd "/app/$exe"; exit 1; fi; \
    done

ENV SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/app/swift-backtrace-static

USER 10001:10001

# Ports (documentation only; nothing is published by the image):
#   RPC 7101-7105, metrics 9101-9105 (identity … certificates); gateway HTTP 8080, metrics 9100.
