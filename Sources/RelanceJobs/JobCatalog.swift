import RelanceStore

/// Every job handler relance-worker runs. Later capabilities (dunning runs, reminder
/// delivery, reports) add theirs here.
public enum JobCatalog {
    /// The handlers, one per kind.
    public static func handlers() -> [any JobHandler] {
        [ProbeHandler()]
    }
}
