package io.memjcache.jcache.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files (internal: not part of the provider's API): certificates ({@code BEGIN CERTIFICATE}, one or more) and unencrypted private keys, either
 * PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519 or Ed448) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}),
 * the forms {@code openssl} writes and memcached reads. Encrypted keys and the SEC1 form ({@code BEGIN EC PRIVATE
 * KEY}) are refused with a message saying how to convert them.
 *
 * <p>Thread-safe (stateless). Arguments must not be {@code null}; results are never {@code null}. Failures are
 * {@link IllegalArgumentException}s saying what is wrong with the file; the caller adds the setting's name. They
 * never quote a key's contents.
 */
public final class PemFiles {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448"};
    /** The PKCS#8 header of an RSA key: version 0 and the rsaEncryption algorithm identifier with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {
        0x02,
        0x01,
        0x00,
        0x30,
        0x0d,
        0x06,
        0x09,
        0x2a,
        (byte) 0x86,
        0x48,
        (byte) 0x86,
        (byte) 0xf7,
        0x0d,
        0x01,
        0x01,
        0x01,
        0x05,
        0x00
    };

    private PemFiles() {}

    /** @return the certificates of the PEM file, at least one */
    public static List<X509Certificate> certificates(Path file) {
        String text = read(file);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(text, "CERTIFICATE")) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a valid PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(certificates);
    }

    /** @return the private key of the PEM file */
    public static PrivateKey privateKey(Path file) {
        String text = read(file);
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(decode(block.group(2)));
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(rsaToPkcs8(decode(block.group(2))));
                }
                case "ENCRYPTED PRIVATE KEY" ->
                    throw new IllegalArgumentException("holds an encrypted key; write it unencrypted with "
                            + "'openssl pkcs8 -topk8 -nocrypt -in <key> -out <new key>' and protect the file instead");
                case "EC PRIVATE KEY" ->
                    throw new IllegalArgumentException("holds an EC key in the SEC1 form; convert it to PKCS#8 with "
                            + "'openssl pkcs8 -topk8 -nocrypt -in <key> -out <new key>'");
                default -> {
                    // Certificates or parameters beside the key: skip them.
                }
            }
        }
        throw new IllegalArgumentException(
                "holds no PEM private key (-----BEGIN PRIVATE KEY----- or " + "-----BEGIN RSA PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException notThisAlgorithm) {
                // Try the next one: PKCS#8 names its algorithm by OID, which KeyFactory does not dispatch on.
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read the private key: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("holds a private key that is not RSA, EC, Ed25519 or Ed448 PKCS#8");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
    private static byte[] rsaToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream octets = new ByteArrayOutputStream();
        octets.write(0x04);
        writeLength(octets, pkcs1.length);
        octets.writeBytes(pkcs1);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(0x30);
        writeLength(info, RSA_ALGORITHM.length + octets.size());
        info.writeBytes(RSA_ALGORITHM);
        info.writeBytes(octets.toByteArray());
        return info.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }

    private static List<byte[]> blocks(String text, String type) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            if (block.group(1).equals(type)) {
                blocks.add(decode(block.group(2)));
            }
        }
        return blocks;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("holds a PEM block that is not valid base64", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
        }
    }
}
