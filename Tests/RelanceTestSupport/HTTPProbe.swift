import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real HTTP client for tests that talk to a listening process.
public enum HTTPProbe {
    public struct Answer: Sendable {
        public var status: Int
        public var body: String
        public var contentType: String?
    }

    /// GET `url`; nil if nothing answers.
    public static func get(_ url: String, headers: [String: String] = [:]) async -> Answer? {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 5
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        guard let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse else {
            return nil
        }
        return Answer(status: http.statusCode, body: String(decoding: data, as: UTF8.self),
                      contentType: http.value(forHTTPHeaderField: "Content-Type"))
    }

    /// Polls `url` until it answers `status` or `timeout` passes.
    public static func waitFor(_ url: String, status: Int = 200, timeout: Duration = .seconds(30)) async -> Answer? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let answer = await get(url), answer.status == status { return answer }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
