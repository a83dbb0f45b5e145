/// Why an EPC QR payload (`EPCPaymentPayload`) cannot be built; each case names the field.
public enum EPCPaymentPayloadError: Error, Sendable, Hashable {
    /// The BIC is neither empty nor 8 or 11 letters and digits.
    case invalidBIC
    /// The beneficiary's name is empty or longer than 70 characters.
    case nameLength
    /// The beneficiary's name holds a control character (a line break would shift the fields).
    case invalidName
    /// The IBAN has a wrong shape or check digits.
    case invalidIBAN
    /// A SEPA credit transfer is in euros only.
    case currencyNotEUR
    /// The amount is not between €0.01 and €999,999,999.99.
    case amountOutOfRange
    /// The structured remittance is not a valid ISO 11649 RF creditor reference.
    case invalidCreditorReference
    /// The unstructured remittance text is empty or longer than 140 characters.
    case remittanceTextLength
    /// The unstructured remittance text holds a control character.
    case invalidRemittanceText
    /// Both a creditor reference and a remittance text were given; the payload carries one.
    case remittanceBoth
    /// The payload would exceed the 331 bytes the EPC allows.
    case payloadTooLong(bytes: Int)
}
