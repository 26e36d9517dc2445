import java.io.FileInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a zip front to back with Java's ZipInputStream, the way a Java platform receiving the archive
 * would, and prints "sha256 name" for every entry. ZipInputStream refuses stored entries that carry
 * data descriptors, which streaming zip writers emit.
 */
class ZipInputStreamCheck {
  public static void main(String[] args) throws Exception {
    try (ZipInputStream zip = new ZipInputStream(new FileInputStream(args[0]), StandardCharsets.UTF_8)) {
      byte[] buffer = new byte[1 << 16];
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int read; (read = zip.read(buffer)) > 0; ) digest.update(buffer, 0, read);
        System.out.printf("%064x %s%n", new BigInteger(1, digest.digest()), entry.getName());
      }
    }
  }
}
