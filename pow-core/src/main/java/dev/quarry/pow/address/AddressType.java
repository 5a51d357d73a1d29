package dev.quarry.pow.address;

/** The output types an address can pay to. */
public enum AddressType {
    /** Pay to public-key hash (base58check, version 0x00 / 0x6f). */
    P2PKH,
    /** Pay to script hash (base58check, version 0x05 / 0xc4). */
    P2SH,
    /** Witness v0, 20-byte program (bech32). */
    P2WPKH,
    /** Witness v0, 32-byte program (bech32). */
    P2WSH,
    /** Witness v1, 32-byte program (bech32m). */
    P2TR,
    /** Any other witness version/length that BIP350 defines as a valid destination (bech32m). */
    WITNESS_UNKNOWN
}
