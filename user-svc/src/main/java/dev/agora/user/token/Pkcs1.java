package dev.agora.user.token;

import java.io.ByteArrayOutputStream;

/**
 * Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo, the only encoding the JDK's KeyFactory reads.
 */
final class Pkcs1 {

    /** version 0, then AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_HEADER = { 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48,
            (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };

    private Pkcs1() {
    }

    static byte[] toPkcs8(byte[] pkcs1) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(RSA_HEADER);
        body.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        var out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        }
        else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
