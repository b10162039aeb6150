package io.memjcache.server.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an unencrypted private key in PEM, as OpenSSL writes them: PKCS#8 ({@code BEGIN PRIVATE KEY}; RSA, EC,
 * Ed25519, Ed448) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, wrapped into PKCS#8 for the JDK, which reads only
 * that). Messages name the file, never its content. Internal, not API. Stateless; thread-safe.
 */
final class PemKeys {

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1?PRIVATE KEY-----");
    /** DER of the AlgorithmIdentifier {rsaEncryption, NULL}. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private PemKeys() {}

    /** @throws IOException naming the file and what is wrong with it */
    static PrivateKey read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("Error loading the key: " + file + " : " + e, e);
        }
        Matcher m = PEM.matcher(text);
        if (!m.find()) {
            throw new IOException("Error loading the key: " + file
                    + " : expected an unencrypted PEM key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IOException("Error loading the key: " + file + " : bad base64", e);
        }
        boolean pkcs1 = m.group(1) != null;
        List<String> algorithms = pkcs1 ? List.of("RSA") : List.of("RSA", "EC", "Ed25519", "Ed448");
        byte[] pkcs8 = pkcs1 ? wrapRsa(der) : der;
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one
            }
        }
        throw new IOException("Error loading the key: " + file + " : not a key of a supported algorithm");
    }

    /** @return the PKCS#8 PrivateKeyInfo {version 0, rsaEncryption, OCTET STRING pkcs1} around a PKCS#1 key */
    private static byte[] wrapRsa(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        writeLength(body, pkcs1.length);
        body.writeBytes(pkcs1);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(0x30);
        writeLength(info, body.size());
        info.writeBytes(body.toByteArray());
        return info.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }
}
