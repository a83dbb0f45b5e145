internal import CLibPQ

/// Named prepared statements of one connection, least recently used evicted first.
///
/// Preparing once and executing by name saves the server parsing and planning a statement
/// again on every call. Only the connection's own thread touches it.
final class StatementCache: @unchecked Sendable {
    let capacity: Int
    private var names: [String: (name: String, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0
    private var nextNumber = 0

    init(capacity: Int) { self.capacity = capacity }

    /// The name `key` was prepared under, if it was.
    func lookup(_ key: String) -> String? {
        guard let entry = names[key] else { return nil }
        clock += 1
        names[key] = (entry.name, clock)
        return entry.name
    }

    /// A fresh name for `key`, and the name of an entry evicted to make room (deallocate it).
    func insert(_ key: String) -> (name: String, evicted: String?) {
        var evicted: String?
        if names.count >= capacity, let oldest = names.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            names.removeValue(forKey: oldest.key)
            evicted = oldest.value.name
        }
        nextNumber += 1
        clock += 1
        let name = "s\(nextNumber)"
        names[key] = (name, clock)
        return (name, evicted)
    }

    func remove(_ key: String) { names.removeValue(forKey: key) }
}
