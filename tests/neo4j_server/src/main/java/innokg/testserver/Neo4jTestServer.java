package innokg.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Real Neo4j DBMSes for innokg's tests (neo4j-harness), each with Bolt on a free 127.0.0.1 port.
 *
 * <p>Usage: {@code java -cp 'target/*:target/lib/*' innokg.testserver.Neo4jTestServer WORK_DIR
 * [--instances N] [--password P] [--pagecache-mb M]}. Each instance is a separate DBMS (its own
 * store in a fresh folder under WORK_DIR, deleted on stop), so tests can keep a scratch graph and a
 * corpus graph apart although Neo4j Community has one user database per DBMS; one JVM hosts them
 * all (the second starts in a fraction of the first's time). With a password, authentication is
 * on, as in production, for the user {@code neo4j}.
 *
 * <p>When every instance accepts Bolt connections, one line {@code bolt://127.0.0.1:PORT} per
 * instance is printed on stdout, in order; logs go to files under WORK_DIR. The servers stop
 * cleanly when stdin closes (the test process ended, however it ended) or on SIGTERM.
 */
public final class Neo4jTestServer {
  private static final AtomicBoolean STOPPED = new AtomicBoolean();
  private static final List<Neo4j> RUNNING = new ArrayList<>();

  private Neo4jTestServer() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args[0].startsWith("-")) {
      usage();
    }
    Path workDir = Files.createDirectories(Path.of(args[0]));
    int instances = 1;
    String password = null;
    long pageCacheMb = 64;
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        usage();
      }
      switch (args[i]) {
        case "--instances" -> instances = Integer.parseInt(args[i + 1]);
        case "--password" -> password = args[i + 1].isEmpty() ? null : args[i + 1];
        case "--pagecache-mb" -> pageCacheMb = Long.parseLong(args[i + 1]);
        default -> usage();
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(Neo4jTestServer::stopAll, "innokg-stop"));
    List<String> uris = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      Neo4j neo4j = start(workDir, password, pageCacheMb);
      synchronized (RUNNING) {
        RUNNING.add(neo4j);
      }
      uris.add("bolt://127.0.0.1:" + neo4j.boltURI().getPort());
    }
    uris.forEach(System.out::println);
    System.out.flush();

    InputStream in = System.in;
    byte[] buffer = new byte[256];
    while (in.read(buffer) != -1) {
      // nothing to read: stdin is only watched for its end
    }
    stopAll();
    System.exit(0);
  }

  private static Neo4j start(Path workDir, String password, long pageCacheMb) {
    Neo4j neo4j =
        Neo4jBuilders.newInProcessBuilder(workDir)
            .withDisabledServer() // no HTTP: Bolt is what the driver speaks
            .withConfig(BoltConnector.enabled, true)
            .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
            .withConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .withConfig(GraphDatabaseSettings.auth_enabled, password != null)
            .withConfig(GraphDatabaseSettings.pagecache_memory, pageCacheMb * 1024 * 1024)
            // Bolt's event loops otherwise wait out a graceful quiet period (~12 s) on stop
            .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
            .withConfig(
                GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
            .build();
    if (password != null) { // the embedded API runs with full rights: set the user's password
      neo4j
          .databaseManagementService()
          .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
              Map.of("password", password));
    }
    return neo4j;
  }

  private static void stopAll() {
    if (STOPPED.compareAndSet(false, true)) {
      synchronized (RUNNING) {
        RUNNING.forEach(Neo4j::close);
      }
    }
  }

  private static void usage() {
    System.err.println(
        "usage: Neo4jTestServer WORK_DIR [--instances N] [--password P] [--pagecache-mb M]");
    System.exit(2);
  }
}
