/// The codeword sequence of a symbol (ISO/IEC 18004 7.4–7.6): the data bit stream in byte
/// mode, padded to the version's data capacity, split into blocks, each block followed by
/// its Reed–Solomon codewords, then interleaved.
enum QRCodewords {
    /// The data codewords: mode indicator 0100, the byte count, the bytes, a terminator of
    /// up to four zero bits, zero bits to a byte boundary, then the pad bytes 0xEC and 0x11
    /// alternately. `bytes` must fit (`QRVersionTable.byteCapacity`).
    static func data(_ bytes: [UInt8], version: Int, level: QRErrorCorrection) -> [UInt8] {
        let capacity = QRVersionTable.dataCodewords(version: version, level: level)
        var buffer = QRBitBuffer()
        buffer.append(0b0100, length: 4)
        buffer.append(bytes.count, length: QRVersionTable.countBits(version))
        for byte in bytes { buffer.append(Int(byte), length: 8) }
        precondition(buffer.count <= capacity * 8, "\(bytes.count) bytes do not fit in version \(version)")
        buffer.append(0, length: min(4, capacity * 8 - buffer.count))
        buffer.append(0, length: (8 - buffer.count % 8) % 8)
        var codewords = buffer.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Every codeword in placement order. The data codewords are split into blocks, the
    /// shorter ones first (the longer ones have one more data codeword); the result is the
    /// first data codeword of each block, then the second…, then the first error correction
    /// codeword of each block, and so on.
    static func interleaved(_ data: [UInt8], version: Int, level: QRErrorCorrection) -> [UInt8] {
        let blockCount = QRVersionTable.blocks(version: version, level: level)
        let correctionLength = QRVersionTable.errorCorrectionPerBlock(version: version, level: level)
        let total = QRVersionTable.totalCodewords(version)
        precondition(data.count == QRVersionTable.dataCodewords(version: version, level: level))
        let longBlocks = total % blockCount
        let shortDataLength = total / blockCount - correctionLength
        let encoder = ReedSolomon(degree: correctionLength)

        var dataBlocks: [ArraySlice<UInt8>] = []
        var correctionBlocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let length = shortDataLength + (index < blockCount - longBlocks ? 0 : 1)
            let block = data[start..<start + length]
            dataBlocks.append(block)
            correctionBlocks.append(encoder.remainder(of: Array(block)))
            start += length
        }

        var result: [UInt8] = []
        result.reserveCapacity(total)
        for i in 0...shortDataLength {
            for block in dataBlocks where i < block.count { result.append(block[block.startIndex + i]) }
        }
        for i in 0..<correctionLength {
            for block in correctionBlocks { result.append(block[i]) }
        }
        return result
    }
}
