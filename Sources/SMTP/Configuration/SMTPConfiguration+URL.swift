extension SMTPConfiguration {
    /// Parses an `smtp://` or `smtps://` URL.
    ///
    /// - `smtp://[user:password@]host[:port][?query]`: port 587 unless given; STARTTLS as
    ///   `starttls=` says: `opportunistic` (the default), `required` or `none`.
    /// - `smtps://[user:password@]host[:port][?query]`: implicit TLS, port 465 unless given.
    ///
    /// User name and password are percent-decoded (write `@` as `%40`, `:` as `%3A`).
    /// Other query parameters: `timeout=` seconds (decimals allowed) for connecting and for
    /// each reply; `helo=` the name sent with EHLO; `ca=/path.pem` trust roots added to the
    /// system's, `ca_only=/path.pem` trust roots used instead of the system's.
    /// `trustRoots`, when given, replaces what the URL says about trust roots.
    ///
    /// - Throws: `SMTPConfigurationError` naming what is wrong (never echoing the password).
    public init(url: String, trustRoots: TrustRoots? = nil) throws(SMTPConfigurationError) {
        self = try SMTPURLParser.parse(url)
        if let trustRoots { self.trustRoots = trustRoots }
    }
}
