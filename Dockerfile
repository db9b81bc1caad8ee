# The image a Kubernetes Job or an AWS Batch job runs for `iops ws probe … --shards N --emit …`:
# the static musl binary of ./scripts/dist on an empty base, with the CA certificates wss://
# needs and nothing else (no shell, no libc). Build it after ./scripts/dist:
#
#   ./scripts/dist                # also leaves the binary in dist/image/iops
#   docker build -t registry.example/iops:0.1.0 . && docker push registry.example/iops:0.1.0
FROM debian:bookworm-slim AS certificates
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates

FROM scratch
COPY --from=certificates /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY dist/image/iops /iops
# Nobody: a load generator needs no privilege.
USER 65534:65534
ENTRYPOINT ["/iops"]
