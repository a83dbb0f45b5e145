import Foundation
import Synchronization

/// A table's COPY output on its way into the archive: written to a temporary file as it
/// arrives (tar needs a member's size before its contents), with its SHA-256 and size
/// computed on the way, so the table is never held in memory.
final class ExportSpool: Sendable {
    struct Totals: Sendable {
        var bytes: Int
        var sha256: String
    }

    private struct State {
        var file: FileHandle
        var checksum = Checksum()
        var bytes = 0
    }

    let url: URL
    private let state: Mutex<State>

    /// Creates (or truncates) the spool file at `url`.
    init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        self.url = url
        let file = try FileHandle(forWritingTo: url)
        state = Mutex(State(file: file))
    }

    /// Appends a chunk (called from the COPY, one call at a time).
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        try state.withLock { state in
            try state.file.write(contentsOf: Data(bytes: bytes.baseAddress!, count: bytes.count))
            state.checksum.update(bytes)
            state.bytes += bytes.count
        }
    }

    /// Closes the file and returns what was written.
    func close() throws -> Totals {
        try state.withLock { state in
            try state.file.close()
            return Totals(bytes: state.bytes, sha256: state.checksum.finalize())
        }
    }

    /// Copies the spooled file into the archive as member `name`, `chunkSize` bytes at a time.
    func copy(into tar: inout TarWriter, name: String, size: Int, chunkSize: Int) throws {
        let file = try FileHandle(forReadingFrom: url)
        defer { try? file.close() }
        try tar.beginMember(name: name, size: size)
        while let chunk = try file.read(upToCount: chunkSize), !chunk.isEmpty {
            try chunk.withUnsafeBytes { try tar.write($0) }
        }
        try tar.endMember()
    }
}
