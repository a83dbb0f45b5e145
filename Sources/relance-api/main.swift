import Foundation
import RelanceAPI

// relance-api: the tenant API (RELANCE_API_PORT, 8080) and the admin API (RELANCE_ADMIN_PORT, 8081).
let runtime = ProcessRuntime.start(name: "relance-api")
let adminToken: String
do {
    adminToken = try runtime.settings.requireAdminToken()
} catch {
    FileHandle.standardError.write(Data("relance-api: \(error)\n".utf8))
    exit(2)
}
exit(await runtime.run([
    runtime.tenancy.authenticator,
    Servers.tenantAPI(settings: runtime.settings, readiness: runtime.readiness, tenancy: runtime.tenancy, logger: runtime.logger),
    Servers.adminAPI(settings: runtime.settings, adminToken: adminToken, tenancy: runtime.tenancy, logger: runtime.logger),
]))
