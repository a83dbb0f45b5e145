import Testing
@testable import RelanceAPI

/// The pay page's "contest this invoice" form as browsers send it.
@Suite struct DisputeFormTests {
    @Test func fieldsAreDecodedAndUnknownOnesIgnored() {
        let form = DisputeForm(urlEncoded: "reason=Livraison+incompl%C3%A8te&notes=Il+manque+2+sacs%0D%0Aet+1+%26+2&extra=x&reason=second")
        #expect(form.reason == "Livraison incomplète")
        #expect(form.notes == "Il manque 2 sacs\r\net 1 & 2")
        #expect(form.problem == nil)
        #expect(form.trimmedNotes == "Il manque 2 sacs\r\net 1 & 2")
    }

    @Test func anEmptyOrBlankReasonIsAProblem() {
        #expect(DisputeForm(urlEncoded: "").problem == .reasonMissing)
        #expect(DisputeForm(urlEncoded: "reason=+++%0A&notes=x").problem == .reasonMissing)
        #expect(DisputeForm(urlEncoded: "reason=%ZZ").problem == .reasonMissing)
        #expect(DisputeForm(reason: String(repeating: "x", count: 1001)).problem == .reasonTooLong)
        #expect(DisputeForm(reason: "ok", notes: String(repeating: "x", count: 5001)).problem == .notesTooLong)
        #expect(DisputeForm(reason: " ok ", notes: "  ").trimmedReason == "ok")
        #expect(DisputeForm(reason: "ok", notes: "  ").trimmedNotes == nil)
    }

    @Test func nulCharactersAreDropped() {
        #expect(DisputeForm(urlEncoded: "reason=a%00b").reason == "ab")
    }
}
