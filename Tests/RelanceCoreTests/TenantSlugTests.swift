import RelanceCore
import Testing

@Suite struct TenantSlugTests {
    @Test(arguments: ["abc", "acme_bakery", "a1_", "z" + String(repeating: "9", count: 39)])
    func validSlugs(raw: String) throws {
        let slug = try TenantSlug(raw)
        #expect(slug.schemaName == "t_" + raw)
    }

    @Test(arguments: [
        ("ab", TenantSlug.Problem.length(2)),
        ("a" + String(repeating: "b", count: 40), .length(41)),
        ("", .length(0)),
        ("1abc", .firstCharacter),
        ("_abc", .firstCharacter),
        ("Acme", .firstCharacter),
        ("acMe", .character("M")),
        ("ac me", .character(" ")),
        ("acme;drop", .character(";")),
        ("acme\"x", .character("\"")),
        ("acme'x", .character("'")),
        ("acme-x", .character("-")),
        ("écran", .firstCharacter),
        ("acmé", .character("é")),
    ])
    func invalidSlugsSayWhy(raw: String, problem: TenantSlug.Problem) {
        #expect(throws: problem) { try TenantSlug(raw) }
    }
}
