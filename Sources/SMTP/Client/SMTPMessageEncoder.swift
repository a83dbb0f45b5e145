import NIOCore

/// Writes a message for the DATA phase (RFC 5321 §4.5.2): every line break as CRLF
/// (a bare LF or CR becomes CRLF), a `.` doubled at the start of a line, a final CRLF if
/// the message lacks one, then the terminating `.` line.
enum SMTPMessageEncoder {
    static func encode(_ message: some Collection<UInt8>, into buffer: inout ByteBuffer) {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 32 + 8)
        var atLineStart = true
        var previousWasCR = false
        for byte in message {
            switch byte {
            case cr:
                output.append(cr)
                output.append(lf)
                previousWasCR = true
                atLineStart = true
                continue
            case lf:
                if !previousWasCR {
                    output.append(cr)
                    output.append(lf)
                }
                atLineStart = true
            default:
                if atLineStart && byte == dot { output.append(dot) }
                output.append(byte)
                atLineStart = false
            }
            previousWasCR = false
        }
        if !atLineStart {
            output.append(cr)
            output.append(lf)
        }
        output += [dot, cr, lf]
        buffer.writeBytes(output)
    }

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let dot = UInt8(ascii: ".")

    /// Whether any byte is outside 7-bit ASCII (then `BODY=8BITMIME` is wanted).
    static func hasEightBitData(_ message: some Collection<UInt8>) -> Bool {
        message.contains { $0 >= 0x80 }
    }
}
