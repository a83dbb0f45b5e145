import Foundation
import NIOPosix
import Synchronization

/// A `.tar.gz` archive being written to a temporary file, member by member, by blocking
/// file work that runs on NIO's blocking thread pool (never on the cooperative pool that
/// serves requests). `commit` renames it into place, so a reader never sees half an archive.
final class ExportArchive: Sendable {
    private struct State {
        var file: FileHandle
        var gzip: GzipFileWriter
        var tar: TarWriter
    }

    let temporary: URL
    let destination: URL
    private let chunkSize: Int
    private let state: Mutex<State>

    /// Opens `temporary` (truncated) for an archive that will become `destination`.
    init(temporary: URL, destination: URL, chunkSize: Int) throws {
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        self.temporary = temporary
        self.destination = destination
        self.chunkSize = chunkSize
        let file = try FileHandle(forWritingTo: temporary)
        let gzip = try GzipFileWriter(file: file, bufferSize: chunkSize)
        state = Mutex(State(file: file, gzip: gzip, tar: TarWriter(output: gzip)))
    }

    /// Appends a spooled table as member `name`.
    func append(_ spool: ExportSpool, as name: String, size: Int) async throws {
        let chunkSize = self.chunkSize
        try await NIOThreadPool.singleton.runIfActive {
            try self.state.withLock { state in try spool.copy(into: &state.tar, name: name, size: size, chunkSize: chunkSize) }
        }
    }

    /// Appends a small member held in memory.
    func append(name: String, contents: [UInt8]) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            try self.state.withLock { state in try state.tar.add(name: name, contents: contents) }
        }
    }

    /// Ends the tar and gzip streams, syncs the file to disk and renames it to `destination`
    /// (replacing an archive of an earlier, interrupted run).
    func commit() async throws {
        try await NIOThreadPool.singleton.runIfActive {
            try self.state.withLock { state in
                try state.tar.finish()
                try state.gzip.finish()
                try state.file.synchronize()
                try state.file.close()
            }
            if FileManager.default.fileExists(atPath: self.destination.path) { try FileManager.default.removeItem(at: self.destination) }
            try FileManager.default.moveItem(at: self.temporary, to: self.destination)
        }
    }

    /// Closes and removes the temporary file of an archive that will not be committed.
    func discard() {
        state.withLock { state in _ = try? state.file.close() }
        try? FileManager.default.removeItem(at: temporary)
    }
}
