package io.govstream.broker;

import io.govstream.secrets.SecretFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A local certificate authority and a server certificate for {@code localhost}, made once per
 * data dir for {@code govctl up --tls}: {@code ca.crt} (what clients trust) and
 * {@code server.pem} (the server's private key and certificate chain, mode 0600).
 */
public final class LocalCertificates {
    public static final String CA_CERT = "ca.crt";
    public static final String SERVER_PEM = "server.pem";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(825);

    private LocalCertificates() {
    }

    /** Makes the CA and server certificate unless the directory already has them; returns the directory. */
    public static Path ensure(Path tlsDir) {
        Path caCert = tlsDir.resolve(CA_CERT);
        Path serverPem = tlsDir.resolve(SERVER_PEM);
        if (Files.isRegularFile(caCert) && Files.isRegularFile(serverPem)) {
            return tlsDir;
        }
        try {
            SecretFiles.ownerOnlyDirectory(tlsDir);
            KeyPair caKeys = keyPair();
            X500Principal caName = new X500Principal("CN=govstream local CA");
            Instant now = Instant.now();
            X509Certificate ca = sign(new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(CA_VALIDITY)), caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), caKeys);

            KeyPair serverKeys = keyPair();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509Certificate server = sign(new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(SERVER_VALIDITY)), new X500Principal("CN=localhost"), serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca)),
                    caKeys);

            SecretFiles.write(serverPem, pem(serverKeys.getPrivate(), server, ca));
            SecretFiles.writePublic(caCert, pem(ca));
            return tlsDir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the local certificates in " + tlsDir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot create the local certificates: " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256, new SecureRandom());
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static String pem(Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                // Private keys as unencrypted PKCS#8 ("PRIVATE KEY"), the form Kafka's PEM key store reads.
                writer.writeObject(object instanceof java.security.PrivateKey key
                        ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : object);
            }
        }
        return text.toString();
    }
}
