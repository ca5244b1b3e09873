# docent in a container: a static musl binary on an empty image, run as a non-root user in /site.
#
#   docker build -t docent .
#   docker run --rm -v "$PWD:/site" docent build            # writes ./public
#   docker run --rm -v "$PWD:/site" docent check
#   docker run --rm -v "$PWD:/site" -p 1111:1111 docent serve --bind 0.0.0.0
#
# `docent serve` listens on 127.0.0.1 unless told otherwise, which a container's port mapping
# cannot reach: inside a container it must be given `--bind 0.0.0.0` explicitly (it then warns
# that others can reach it). Publish it on the same port number (`-p 1111:1111`, or
# `--port N` with `-p N:N`): the server answers only requests addressed to its own port.
# The mounted folder must be writable by uid 65532 for `build` (or add `--user "$(id -u)"`).

FROM rust:1-alpine AS build
# C compiler and musl headers for the crates with C and assembly parts (ring, onig_sys, psm).
RUN apk add --no-cache gcc musl-dev
WORKDIR /src
COPY . .
# On Alpine the host target is musl, which Rust links statically by default; say so anyway.
ENV RUSTFLAGS="-C target-feature=+crt-static"
RUN cargo build --release --locked \
    && cp target/release/docent /docent

FROM scratch
COPY --from=build /docent /docent
# No /etc/passwd in an empty image: a numeric, unprivileged user (distroless's "nonroot").
USER 65532:65532
WORKDIR /site
# docent serve's default port.
EXPOSE 1111
ENTRYPOINT ["/docent"]
CMD ["--help"]
