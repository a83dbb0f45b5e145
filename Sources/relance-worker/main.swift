import Foundation
import RelanceAPI

// relance-worker: runs queued jobs; health and metrics on RELANCE_WORKER_PORT (9101).
let runtime = ProcessRuntime.start(name: "relance-worker")
exit(await runtime.run([
    Servers.operational(host: runtime.settings.host, port: runtime.settings.workerPort, name: "relance-worker",
                        readiness: runtime.readiness, logger: runtime.logger),
]))
