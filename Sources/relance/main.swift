import RelanceAPI

// relance: the operator's command line (migrations; tenants, firms and keys come with tenancy).
await RelanceCommand.execute()
