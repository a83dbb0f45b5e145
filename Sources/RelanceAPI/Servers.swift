import Hummingbird
import Logging
import RelanceCore
import RelanceStore
import ServiceLifecycle

/// The HTTP listeners of the Relance processes, each a `Service` for a `ServiceGroup`.
public enum Servers {
    /// relance-api's tenant listener (default port 8080): the operational routes, the `/v1`
    /// tenant API behind API keys, and the public pay page `/pay/{token}`.
    public static func tenantAPI(settings: Settings, readiness: ReadinessProbe, tenancy: Tenancy, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: tenantRouter(readiness: readiness, tenancy: tenancy, publicBaseURL: settings.publicBaseURL,
                                 payPageLimiter: ClientRateLimiter(perMinute: settings.payPageRatePerMinute),
                                 trustedProxies: settings.trustedProxies, webhooks: settings.webhooks),
            configuration: .init(address: .hostname(settings.host, port: settings.apiPort), serverName: "relance-api"),
            logger: logger
        )
    }

    /// relance-api's admin listener (default port 8081): `/healthz` open, `/admin/v1`
    /// behind the admin token.
    public static func adminAPI(settings: Settings, adminToken: String, tenancy: Tenancy, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: adminRouter(adminToken: adminToken, tenancy: tenancy),
            configuration: .init(address: .hostname(settings.host, port: settings.adminPort), serverName: "relance-admin"),
            logger: logger
        )
    }

    /// The tenant listener's routes (`tenantAPI`), for tests that list them.
    /// - Parameters:
    ///   - payPageLimiter: the public pay page's rate limit per client address.
    ///   - trustedProxies: proxies in front that append to `X-Forwarded-For`.
    ///   - webhooks: where webhook endpoints may point (`RELANCE_WEBHOOKS_ALLOW_LOOPBACK`).
    static func tenantRouter(readiness: ReadinessProbe, tenancy: Tenancy, publicBaseURL: String = "http://localhost:8080",
                             payPageLimiter: ClientRateLimiter = ClientRateLimiter(perMinute: 30),
                             trustedProxies: Int = 0, webhooks: WebhookURLPolicy = WebhookURLPolicy()) -> Router<TenantRequestContext> {
        let router = Router(context: TenantRequestContext.self)
        router.add(middleware: HTTPMetricsMiddleware())
        router.add(middleware: ProblemMiddleware())
        OperationalRoutes(readiness: readiness, exposesDetail: false).add(to: router)
        OpenAPIDocument.add(to: router)
        // Public, outside /v1 and its API keys: the token in the path is the credential.
        PayPageRoutes(store: PayPageStore(database: tenancy.database, rates: ReferenceRateRepository(pool: tenancy.directory.pool)),
                      limiter: payPageLimiter, trustedProxies: trustedProxies).add(to: router)
        let settingsRoutes = SettingsRoutes(database: tenancy.database, rates: ReferenceRateRepository(pool: tenancy.directory.pool))
        let customerRoutes = CustomerRoutes(database: tenancy.database)
        let contactRoutes = ContactRoutes(database: tenancy.database)
        let invoiceRoutes = InvoiceRoutes(database: tenancy.database, publicBaseURL: publicBaseURL)
        let paymentRoutes = PaymentRoutes(database: tenancy.database)
        let creditNoteRoutes = CreditNoteRoutes(database: tenancy.database)
        let statementRoutes = StatementRoutes(database: tenancy.database)
        let dunningPolicyRoutes = DunningPolicyRoutes(database: tenancy.database)
        let dunningRunRoutes = DunningRunRoutes(database: tenancy.database)
        let pauseRoutes = PauseRoutes(database: tenancy.database)
        let lateChargeRoutes = LateChargeRoutes(database: tenancy.database, rates: ReferenceRateRepository(pool: tenancy.directory.pool),
                                                publicBaseURL: publicBaseURL)
        let webhookRoutes = WebhookRoutes(database: tenancy.database, policy: webhooks)
        for prefix in ["/v1", "/v1/tenants/:slug"] {
            let group = router.group(RouterPath(prefix)).add(middleware: TenantAuthMiddleware(authenticator: tenancy.authenticator))
            settingsRoutes.add(to: group)
            customerRoutes.add(to: group)
            contactRoutes.add(to: group)
            invoiceRoutes.add(to: group)
            paymentRoutes.add(to: group)
            creditNoteRoutes.add(to: group)
            statementRoutes.add(to: group)
            dunningPolicyRoutes.add(to: group)
            dunningRunRoutes.add(to: group)
            pauseRoutes.add(to: group)
            lateChargeRoutes.add(to: group)
            webhookRoutes.add(to: group)
        }
        return router
    }

    /// The admin listener's routes (`adminAPI`), for tests that list them.
    static func adminRouter(adminToken: String, tenancy: Tenancy) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: HTTPMetricsMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"alive\"}")))
        }
        OpenAPIDocument.add(to: router)
        let admin = router.group("/admin/v1").add(middleware: AdminAuthMiddleware(token: adminToken))
        admin.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"api\":\"relance-admin\",\"version\":1}")))
        }
        AdminRoutes(directory: tenancy.directory, provisioner: tenancy.provisioner, offboarding: tenancy.offboarding).add(to: admin)
        return router
    }

    /// The health and metrics listener of relance-worker and relance-scheduler.
    public static func operational(host: String, port: Int, name: String, readiness: ReadinessProbe, logger: Logger) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: HTTPMetricsMiddleware())
        router.add(middleware: ProblemMiddleware())
        OperationalRoutes(readiness: readiness).add(to: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: name),
            logger: logger
        )
    }
}
