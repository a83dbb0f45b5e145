import Foundation
import RelanceTestSupport
import Testing

/// With `RELANCE_TEST_REQUIRE_SMTP=1` (deploy/local/test), the SMTP server tests must run:
/// a missing python fails here instead of skipping them.
struct SMTPPeerRequirementTests {
    @Test func theSMTPPeerIsAvailableWhenRequired() throws {
        guard SMTPPeer.isRequired else { return }
        let python = try #require(SMTPPeer.python, "RELANCE_TEST_REQUIRE_SMTP=1 but RELANCE_TEST_PYTHON is not set")
        #expect(FileManager.default.isExecutableFile(atPath: python), "RELANCE_TEST_PYTHON=\(python) is not an executable")
        #expect(FileManager.default.fileExists(atPath: SMTPPeer.script))
    }
}
