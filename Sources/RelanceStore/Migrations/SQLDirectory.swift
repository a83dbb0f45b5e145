import Foundation

/// Finds the directory holding `control/` and `tenant/` migration files.
public enum SQLDirectory {
    /// `RELANCE_SQL_DIR` if set; else `./sql` if it exists; else `/usr/share/relance/sql`
    /// (where the container image puts them); else the source checkout's `sql/`.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let configured = environment["RELANCE_SQL_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let candidates = [
            FileManager.default.currentDirectoryPath + "/sql",
            "/usr/share/relance/sql",
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../sql").standardized.path,
        ]
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/control") {
            return URL(fileURLWithPath: candidate)
        }
        return URL(fileURLWithPath: candidates[0])
    }
}
