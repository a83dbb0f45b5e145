import Foundation
import Hummingbird
import RelanceCore

/// Typed query-string values for list and read endpoints; a bad one adds a field error
/// named after the parameter, so every bad parameter is reported at once.
enum QueryValue {
    static func string(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[name[...]].map(String.init)
    }

    static func date(_ request: Request, _ name: String, _ errors: inout FieldErrors) -> CalendarDate? {
        guard let text = string(request, name) else { return nil }
        guard let date = CalendarDate(text) else { errors.add(name, CalendarDate.formatRule); return nil }
        return date
    }

    static func uuid(_ request: Request, _ name: String, _ errors: inout FieldErrors) -> UUID? {
        guard let text = string(request, name) else { return nil }
        guard let id = UUID(uuidString: text) else { errors.add(name, "is not a UUID"); return nil }
        return id
    }

    static func integer(_ request: Request, _ name: String, _ errors: inout FieldErrors) -> Int64? {
        guard let text = string(request, name) else { return nil }
        guard let value = Int64(text) else { errors.add(name, "must be a whole number of minor units"); return nil }
        return value
    }

    static func bool(_ request: Request, _ name: String, _ errors: inout FieldErrors) -> Bool? {
        guard let text = string(request, name) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: errors.add(name, "must be true or false"); return nil
        }
    }

    static func choice<E: RawRepresentable & CaseIterable>(_ request: Request, _ name: String, _ errors: inout FieldErrors) -> E? where E.RawValue == String {
        guard let text = string(request, name) else { return nil }
        guard let value = E(rawValue: text) else {
            errors.add(name, "must be one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        return value
    }
}
