/// Why a tenancy operation was refused; each case names what it is about.
public enum TenancyError: Error, Sendable, Equatable, CustomStringConvertible {
    case slugTaken(String)
    case tenantNotFound(String)
    case firmNotFound(String)
    case apiKeyNotFound(String)
    case invalidStatus(slug: String, status: String, action: String)

    public var description: String {
        switch self {
        case .slugTaken(let slug): "a tenant with slug \(slug) already exists"
        case .tenantNotFound(let slug): "no tenant \(slug)"
        case .firmNotFound(let id): "no firm \(id)"
        case .apiKeyNotFound(let id): "no API key \(id)"
        case .invalidStatus(let slug, let status, let action): "tenant \(slug) is \(status) and cannot be \(action)"
        }
    }
}
