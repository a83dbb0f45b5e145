import Foundation

/// Writes a POSIX ustar archive of regular files member by member into a gzip stream, so
/// no member is ever held whole: a member's header (which carries its size) is written,
/// then its contents in chunks, then the padding to the next 512-byte block.
struct TarWriter {
    private let output: GzipFileWriter
    private var remaining = 0
    private var written = 0

    init(output: GzipFileWriter) { self.output = output }

    /// Starts a member of `size` bytes. Names longer than 100 bytes are not supported
    /// (exports use short names); sizes of 8 GiB and more use the GNU base-256 size field,
    /// which GNU tar and bsdtar read.
    mutating func beginMember(name: String, size: Int, modificationTime: Int = 0) throws {
        precondition(name.utf8.count <= 100, "tar member name too long: \(name)")
        precondition(remaining == 0, "the previous member is not complete")
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        }
        put(name, at: 0, width: 100)
        put(octal(0o644, width: 8), at: 100, width: 8)
        put(octal(0, width: 8), at: 108, width: 8)
        put(octal(0, width: 8), at: 116, width: 8)
        if size < 0o77777777777 {
            put(octal(size, width: 12), at: 124, width: 12)
        } else {
            header[124] = 0x80
            for index in 0..<8 { header[135 - index] = UInt8(truncatingIfNeeded: size >> (8 * index)) }
        }
        put(octal(modificationTime, width: 12), at: 136, width: 12)
        put("        ", at: 148, width: 8)
        header[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        put("relance", at: 265, width: 32)
        put("relance", at: 297, width: 32)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7), at: 148, width: 7)
        header[155] = UInt8(ascii: " ")
        try header.withUnsafeBytes { try output.write($0) }
        remaining = size
        written = 0
    }

    /// Appends the next bytes of the current member.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(bytes.count <= remaining, "more bytes than the member's declared size")
        try output.write(bytes)
        remaining -= bytes.count
        written += bytes.count
    }

    /// Ends the current member: pads it to a whole block.
    mutating func endMember() throws {
        precondition(remaining == 0, "fewer bytes than the member's declared size")
        let padding = (512 - written % 512) % 512
        if padding > 0 { try [UInt8](repeating: 0, count: padding).withUnsafeBytes { try output.write($0) } }
        written = 0
    }

    /// Adds a small member held in memory (the manifest).
    mutating func add(name: String, contents: [UInt8]) throws {
        try beginMember(name: name, size: contents.count)
        try contents.withUnsafeBytes { try write($0) }
        try endMember()
    }

    /// Writes the two closing zero blocks.
    func finish() throws {
        try [UInt8](repeating: 0, count: 1024).withUnsafeBytes { try output.write($0) }
    }
}
