import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import QRCode

@Suite struct QRCodeSVGTests {
    /// The elements of an XML document with their attributes, in document order, or nil when
    /// it is not well-formed.
    final class Elements: NSObject, XMLParserDelegate {
        var found: [(name: String, attributes: [String: String])] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            found.append((elementName, attributeDict))
        }

        static func parse(_ xml: String) -> [(name: String, attributes: [String: String])]? {
            let parser = XMLParser(data: Data(xml.utf8))
            let delegate = Elements()
            parser.delegate = delegate
            return parser.parse() ? delegate.found : nil
        }
    }

    /// The dark modules the path draws (its `Mx yhNv1h-Nz` runs), in code coordinates.
    static func modules(inPath path: String, quietZone: Int) -> Set<[Int]> {
        var dark: Set<[Int]> = []
        for run in path.split(separator: "M") {
            let numbers = run.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            guard numbers.count == 5, numbers[3] == 1, numbers[2] == numbers[4], run.hasSuffix("z") else {
                Issue.record("unexpected path segment M\(run)")
                continue
            }
            for x in numbers[0]..<numbers[0] + numbers[2] { dark.insert([x - quietZone, numbers[1] - quietZone]) }
        }
        return dark
    }

    @Test(arguments: [(Array("HELLO WORLD".utf8), 4), (Array(repeating: 0x55, count: 200), 4), ([0x00], 0), ([0xFF, 0x10], 2)])
    func svgIsWellFormedXMLWithTheCodesModules(bytes: [UInt8], quietZone: Int) throws {
        let code = try QRCode(bytes: bytes)
        let svg = code.svg(quietZone: quietZone, label: "Pay €12.50 to \"Dupont & Fils\" <SEPA>")
        let elements = try #require(Elements.parse(svg), "not well-formed XML: \(svg.prefix(300))")
        #expect(elements.map(\.name) == ["svg", "rect", "path"])
        let side = code.size + 2 * quietZone
        let root = elements[0].attributes
        #expect(root["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root["viewBox"] == "0 0 \(side) \(side)")
        #expect(root["role"] == "img")
        #expect(root["aria-label"] == "Pay €12.50 to \"Dupont & Fils\" <SEPA>")
        #expect(root["shape-rendering"] == "crispEdges")
        #expect(root["width"] == nil && root["height"] == nil)
        #expect(elements[1].attributes["width"] == "\(side)" && elements[1].attributes["fill"] == "#fff")
        #expect(elements[2].attributes["fill"] == "#000")
        let drawn = Self.modules(inPath: try #require(elements[2].attributes["d"]), quietZone: quietZone)
        var expected: Set<[Int]> = []
        for y in 0..<code.size { for x in 0..<code.size where code[x, y] { expected.insert([x, y]) } }
        #expect(drawn == expected)
    }

    @Test func svgDefaultsToAFourModuleQuietZoneAndCanHaveAPixelSize() throws {
        let code = try QRCode(bytes: Array("https://example.com".utf8))
        #expect(code.size == 25)
        #expect(code.svg().hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 33 33" role="img" aria-label="QR code""#))
        let sized = try #require(Elements.parse(code.svg(moduleSize: 5)))
        #expect(sized[0].attributes["width"] == "165" && sized[0].attributes["height"] == "165")
        // One rectangle per horizontal run: the top finder row is "#######" twice.
        #expect(code.svg().contains(#"<path d="M4 4h7v1h-7zM"#))
    }
}
