import Hummingbird

/// The API description served at `GET /openapi.yaml` (tenant and admin listeners).
///
/// docs/openapi.yaml is the source of truth; `deploy/local/embed-openapi` compiles it into
/// the binary (`OpenAPIDocument+Embedded.swift`), because the release image holds the
/// binaries alone, without the repository or resource bundles. A test checks that the
/// embedded copy equals the file and that every registered route is described in it.
enum OpenAPIDocument {
    /// Adds `GET /openapi.yaml` to `router`.
    static func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: yaml)))
        }
    }
}
