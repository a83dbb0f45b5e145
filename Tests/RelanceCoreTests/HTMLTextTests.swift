import RelanceCore
import Testing

/// `HTMLText.escape`: every character that could end an element's text or an attribute.
@Suite struct HTMLTextTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        ("Dupont & Fils \"SARL\"", "Dupont &amp; Fils &quot;SARL&quot;"),
        ("déjà 1 234,56 €", "déjà 1 234,56 €"),
        ("&amp;", "&amp;amp;"),
    ])
    func escapesMarkup(text: String, expected: String) {
        #expect(HTMLText.escape(text) == expected)
    }
}
