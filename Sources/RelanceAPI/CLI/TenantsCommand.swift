import ArgumentParser
import Foundation
import RelanceCore
import RelanceStore

/// `relance tenants create|list|show|suspend|resume|delete`.
struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants", abstract: "Onboard, list, suspend, resume and offboard tenants.",
        subcommands: [Create.self, List.self, Show.self, Suspend.self, Resume.self, Delete.self])

    static func slug(_ raw: String) throws -> TenantSlug {
        do { return try TenantSlug(raw) } catch { throw CLIContext.validation("slug", error.message) }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant (schema, role, settings, first API key); prints the key once.")
        @Argument(help: "Slug: 3-40 of a-z, 0-9 and _, starting with a letter.") var slug: String
        @Option(help: "Display name.") var name: String
        @Option(help: "Firm id (UUID).") var firm: String?
        @Option(help: "IANA time zone.") var timeZone = "Europe/Paris"
        @Option(help: "ISO 4217 currency.") var currency = "EUR"
        @Option(help: "Locale such as fr-FR.") var locale = "fr-FR"

        func run() async throws {
            try await CLIContext.run { context in
                let slug = try TenantsCommand.slug(slug)
                var problems: [Problem.FieldError] = []
                for (field, message) in [("name", SettingsRule.name(name)), ("time-zone", SettingsRule.timeZone(timeZone)),
                                         ("currency", SettingsRule.currency(currency)), ("locale", SettingsRule.locale(locale))] {
                    if let message { problems.append(.init(field: field, message: message)) }
                }
                let firmID = firm.flatMap(UUID.init(uuidString:))
                if firm != nil && firmID == nil { problems.append(.init(field: "firm", message: "is not a UUID")) }
                if !problems.isEmpty { throw Problem.validation(problems) }
                let (tenant, key, keyID) = try await context.tenancy.provisioner.create(
                    NewTenant(slug: slug, displayName: name, firmID: firmID, timeZone: timeZone, currency: currency, locale: locale),
                    actor: CLIContext.actor)
                try CLIContext.print(tenant)
                print("api key \(keyID.uuidString.lowercased()) (shown once): \(key.token)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants by slug.")
        @Option(help: "Only this firm's tenants.") var firm: String?
        @Option(help: "Start after this slug.") var after: String?
        @Option(help: "At most this many.") var limit = 100

        func run() async throws {
            try await CLIContext.run { context in
                let firmID = firm.flatMap(UUID.init(uuidString:))
                if firm != nil && firmID == nil { throw CLIContext.validation("firm", "is not a UUID") }
                guard (1...10_000).contains(limit) else { throw CLIContext.validation("limit", "must be from 1 to 10000") }
                let tenants = try await context.tenancy.directory.tenants(after: after, limit: limit, firm: firmID)
                for tenant in tenants {
                    print("\(tenant.slug)\t\(tenant.status.rawValue)\tv\(tenant.schemaVersion)\t\(tenant.displayName)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a tenant with its key counts.")
        @Argument var slug: String

        func run() async throws {
            try await CLIContext.run { context in
                guard let tenant = try await context.tenancy.directory.tenant(slug) else { throw TenancyError.tenantNotFound(slug) }
                try CLIContext.print(tenant)
                let counts = try await context.tenancy.directory.keyCounts(tenant: slug)
                print("keys: \(counts.active) active, \(counts.revoked) revoked")
            }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend a tenant: its keys get 403.")
        @Argument var slug: String
        func run() async throws {
            try await CLIContext.run { try CLIContext.print(try await $0.tenancy.directory.setStatus(slug, to: .suspended, actor: CLIContext.actor)) }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a suspended tenant.")
        @Argument var slug: String
        func run() async throws {
            try await CLIContext.run { try CLIContext.print(try await $0.tenancy.directory.setStatus(slug, to: .active, actor: CLIContext.actor)) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Offboard a tenant: export it to RELANCE_EXPORT_DIR, then drop it.")
        @Argument var slug: String
        func run() async throws {
            try await CLIContext.run { context in
                let report = try await context.tenancy.offboarding.offboard(try TenantsCommand.slug(slug), actor: CLIContext.actor)
                try CLIContext.print(report)
            }
        }
    }
}

/// `relance firms create|list`.
struct FirmsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "firms", abstract: "Create and list accounting firms.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a firm.")
        @Option(help: "The firm's name.") var name: String
        func run() async throws {
            try await CLIContext.run { context in
                if let message = SettingsRule.name(name) { throw CLIContext.validation("name", message) }
                try CLIContext.print(try await context.tenancy.directory.createFirm(name: name, actor: CLIContext.actor))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List firms.")
        func run() async throws {
            try await CLIContext.run { context in
                for firm in try await context.tenancy.directory.firms(after: nil, limit: 1000) {
                    print("\(firm.id.uuidString.lowercased())\t\(firm.name)")
                }
            }
        }
    }
}

/// `relance api-keys create|revoke`.
struct APIKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "api-keys", abstract: "Create and revoke API keys.", subcommands: [Create.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key for a tenant (--tenant) or a firm (--firm); prints it once.")
        @Option(help: "Tenant slug.") var tenant: String?
        @Option(help: "Firm id.") var firm: String?
        @Option(help: "A name people recognise.") var name = "default"
        @Option(help: "read, write or both (comma-separated).") var scopes = "read,write"

        func run() async throws {
            try await CLIContext.run { context in
                guard (tenant == nil) != (firm == nil) else { throw CLIContext.validation("tenant", "give exactly one of --tenant and --firm") }
                let firmID = firm.flatMap(UUID.init(uuidString:))
                if firm != nil && firmID == nil { throw CLIContext.validation("firm", "is not a UUID") }
                let list = scopes.split(separator: ",").map(String.init)
                guard !list.isEmpty, list.allSatisfy({ APIKeyScope(rawValue: $0) != nil }) else {
                    throw CLIContext.validation("scopes", "must be read, write or read,write")
                }
                let (record, key) = try await context.tenancy.directory.createKey(
                    tenant: tenant, firm: firmID, name: name, scopes: Array(Set(list)).sorted(), actor: CLIContext.actor)
                try CLIContext.print(record)
                print("api key (shown once): \(key.token)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by id.")
        @Argument var id: String
        func run() async throws {
            try await CLIContext.run { context in
                guard let uuid = UUID(uuidString: id) else { throw CLIContext.validation("id", "is not a UUID") }
                try CLIContext.print(try await context.tenancy.directory.revokeKey(uuid, actor: CLIContext.actor))
            }
        }
    }
}
