import CompressNIO
import Foundation
import NIOCore

/// Compresses a byte stream into a gzip (RFC 1952) file with zlib's deflate, through
/// compress-nio, holding one input chunk and one output buffer, never the whole stream.
final class GzipFileWriter {
    private let file: FileHandle
    private let compressor: ZlibCompressor
    private var output: ByteBuffer

    /// - Parameters:
    ///   - file: an open file, written from its current offset; the caller closes it.
    ///   - bufferSize: the size of the compressed-output buffer flushed to the file.
    init(file: FileHandle, level: ZlibConfiguration.CompressionLevel = .defaultCompressionLevel, bufferSize: Int = 256 * 1024) throws {
        self.file = file
        self.compressor = try ZlibCompressor(algorithm: .gzip, configuration: ZlibConfiguration(compressionLevel: level))
        self.output = ByteBufferAllocator().buffer(capacity: bufferSize)
    }

    /// Compresses more bytes; output is written to the file whenever the buffer fills.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        var input = ByteBufferAllocator().buffer(bytes: bytes)
        while input.readableBytes > 0 {
            do {
                try compressor.deflate(from: &input, to: &output, flush: .no)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                // No progress possible: the output buffer is full; flushed below.
            }
            if output.writableBytes == 0 { try flush() }
        }
    }

    /// Ends the gzip stream (deflate's last block, CRC-32 and length) and writes it out.
    func finish() throws {
        while true {
            var empty = ByteBuffer()
            do {
                try compressor.deflate(from: &empty, to: &output, flush: .finish)
                break
            } catch let error as CompressNIOError where error == .bufferOverflow {
                try flush()
            }
        }
        try flush()
    }

    private func flush() throws {
        guard output.readableBytes > 0 else { return }
        try output.withUnsafeReadableBytes { try file.write(contentsOf: Data(bytes: $0.baseAddress!, count: $0.count)) }
        output.clear()
    }
}
