import NIOCore
import RelanceTestSupport
import Testing

@testable import SMTP

/// Reply parsing, EHLO capabilities, DATA encoding and error classification, without a server.
struct SMTPProtocolTests {
    func replies(_ chunks: [String]) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        var replies: [SMTPReply] = []
        for chunk in chunks {
            parser.append(Array(chunk.utf8))
            while let reply = try parser.nextReply() { replies.append(reply) }
        }
        #expect(!parser.hasBufferedBytes)
        return replies
    }

    @Test func singleAndMultiLineReplies() throws {
        let parsed = try replies([
            "220 mail.example.com ESMTP ready\r\n",
            "250-mail.example.com\r\n250-SIZE 1000\r\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS\r\n",
            "250\r\n",
            "354 End data with <CR><LF>.<CR><LF>\n",
        ])
        #expect(parsed == [
            SMTPReply(code: 220, lines: ["mail.example.com ESMTP ready"]),
            SMTPReply(code: 250, lines: ["mail.example.com", "SIZE 1000", "AUTH PLAIN LOGIN", "STARTTLS"]),
            SMTPReply(code: 250, lines: [""]),
            SMTPReply(code: 354, lines: ["End data with <CR><LF>.<CR><LF>"]),
        ])
    }

    @Test func aReplySplitAcrossReads() throws {
        let parsed = try replies(["25", "0-first\r", "\n250-sec", "ond\r\n250 2.0.0 Ok: queued as ABC\r", "\n"])
        #expect(parsed == [SMTPReply(code: 250, lines: ["first", "second", "2.0.0 Ok: queued as ABC"])])
        #expect(parsed[0].description == "250 first second 2.0.0 Ok: queued as ABC")
        #expect(parsed[0].text == "first\nsecond\n2.0.0 Ok: queued as ABC")
    }

    @Test func enhancedStatusCodes() {
        #expect(SMTPReply(code: 550, lines: ["5.1.1 no such user"]).enhancedStatusCode == "5.1.1")
        #expect(SMTPReply(code: 250, lines: ["Ok"]).enhancedStatusCode == nil)
        #expect(SMTPReply(code: 250, lines: ["1.2.3 no"]).enhancedStatusCode == nil)
        #expect(SMTPReply(code: 250, lines: []).enhancedStatusCode == nil)
    }

    @Test(arguments: [
        "hello\r\n", "25\r\n", "2500 x\r\n", "250+x\r\n", "199 too low\r\n", "600 too high\r\n", "250-a\r\n251 b\r\n",
    ])
    func malformedRepliesAreProtocolViolations(_ input: String) {
        #expect {
            _ = try replies([input])
        } throws: { error in
            guard case SMTPError.protocolViolation = error else { return false }
            return true
        }
    }

    @Test func anEndlessLineIsAProtocolViolation() {
        var parser = SMTPReplyParser()
        parser.append(Array(repeating: UInt8(ascii: "2"), count: SMTPReplyParser.maximumLineLength + 1))
        #expect(throws: SMTPError.self) { try parser.nextReply() }
    }

    @Test func capabilities() {
        let reply = SMTPReply(code: 250, lines: ["mail.example.com greets you", "PIPELINING", "SIZE 35882577", "8BITMIME", "AUTH=PLAIN LOGIN", "auth cram-md5 login", "starttls", "SMTPUTF8"])
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.startTLS)
        #expect(capabilities.smtpUTF8)
        #expect(capabilities.eightBitMIME)
        #expect(capabilities.size)
        #expect(capabilities.authenticationMechanisms == ["PLAIN", "LOGIN", "CRAM-MD5"])
        #expect(!capabilities.supports("CHUNKING"))
        let bare = SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["mail.example.com"]))
        #expect(!bare.startTLS)
        #expect(bare.authenticationMechanisms.isEmpty)
    }

    func encoded(_ message: String) -> String {
        var buffer = ByteBuffer()
        SMTPMessageEncoder.encode(Array(message.utf8), into: &buffer)
        return String(buffer: buffer)
    }

    @Test func dataIsDotStuffedWithCRLFLineEndings() {
        #expect(encoded("a\r\nb\r\n") == "a\r\nb\r\n.\r\n")
        #expect(encoded(".a\n..b\n.\nc.d\n") == "..a\r\n...b\r\n..\r\nc.d\r\n.\r\n")
        #expect(encoded("x\ry\r\r\nz") == "x\r\ny\r\n\r\nz\r\n.\r\n")
        #expect(encoded("no final break") == "no final break\r\n.\r\n")
        #expect(encoded(".") == "..\r\n.\r\n")
        #expect(encoded("") == ".\r\n")
        #expect(encoded("a\n\n.\n") == "a\r\n\r\n..\r\n.\r\n")
    }

    @Test func envelopeValidation() {
        #expect(throws: Never.self) { try SMTPEnvelope(sender: "", recipients: ["a@b.c"]).validate() }
        #expect(throws: Never.self) { try SMTPEnvelope(sender: "x@y.z", recipients: ["zoë@exemple.fr"]).validate() }
        for envelope in [
            SMTPEnvelope(sender: "x@y.z", recipients: []),
            SMTPEnvelope(sender: "x@y.z", recipients: ["a@b.c>\r\nDATA"]),
            SMTPEnvelope(sender: "x y@z", recipients: ["a@b.c"]),
            SMTPEnvelope(sender: "x@y.z", recipients: ["nodomain@"]),
            SMTPEnvelope(sender: "x@y.z", recipients: ["no-at"]),
        ] {
            #expect(throws: SMTPError.self) { try envelope.validate() }
        }
        #expect(SMTPEnvelope(sender: "x@y.z", recipients: ["zoë@exemple.fr"]).needsSMTPUTF8)
        #expect(!SMTPEnvelope(sender: "x@y.z", recipients: ["zoe@exemple.fr"]).needsSMTPUTF8)
    }

    struct Failure: Error {}

    @Test func whichErrorsAreTransient() {
        #expect(SMTPError.transient(code: 421, message: "busy", command: "greeting").isTransient)
        #expect(SMTPError.timeout(command: "DATA").isTransient)
        #expect(SMTPError.connection(underlying: Failure()).isTransient)
        #expect(!SMTPError.permanent(code: 550, message: "no", command: "RCPT TO:<a@b>").isTransient)
        #expect(!SMTPError.tlsRequired.isTransient)
        #expect(!SMTPError.authenticationUnavailable.isTransient)
        #expect(!SMTPError.protocolViolation("x").isTransient)
        #expect(!SMTPError.invalidEnvelope("x").isTransient)
        let unexpected = SMTPError.unexpected(SMTPReply(code: 452, lines: ["4.5.3 too many"]), command: "RCPT TO:<a@b>")
        #expect(unexpected.isTransient && unexpected.replyCode == 452)
        guard case .protocolViolation = SMTPError.unexpected(SMTPReply(code: 250, lines: ["ok"]), command: "DATA") else {
            Issue.record("a 250 where 354 was expected is a protocol violation")
            return
        }
    }
}
