import Foundation
import Hummingbird
import RelanceStore

extension TenantRequestContext {
    /// Who made a change, for the event it writes: the API key's id.
    var actor: String { principal?.keyID.uuidString.lowercased() ?? "unknown" }

    /// The path parameter `name` as a resource id; anything that is not a UUID is a 404, as
    /// an id that exists nowhere (or in another tenant) is.
    func resourceID(_ name: String, _ resource: String) throws -> UUID {
        let raw = parameters.get(name) ?? ""
        guard let id = UUID(uuidString: raw) else { throw ReceivablesError.notFound("\(resource) \(raw)") }
        return id
    }
}
