package dev.secondbrain.tools;

import dev.secondbrain.tools.mail.MailConnector;

import java.util.Arrays;

/**
 * The command-line tools, one jar: {@code java -jar tools/target/tools-0.1.0-SNAPSHOT-exec.jar <command> ...}.
 * None of them needs the embedded infrastructure: they talk to a running pipeline over HTTP or Kafka.
 */
public final class Tools {

    private Tools() {
    }

    public static void main(String[] args) throws Exception {
        var command = args.length == 0 ? "help" : args[0];
        var rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        int status = switch (command) {
            case "folder-sync" -> FolderConnector.run(rest);
            case "mail-sync" -> MailConnector.run(rest);
            case "replay-dead-letters" -> DeadLetterReplay.run(rest);
            default -> usage(command);
        };
        System.exit(status);
    }

    private static int usage(String command) {
        if (!command.equals("help")) {
            System.err.println("unknown command: " + command);
        }
        System.err.println("""
                usage: java -jar tools-0.1.0-SNAPSHOT-exec.jar <command> [arguments]
                  %s
                      a folder of .md/.txt notes as one full sync (removed notes are deleted by its sweep)
                  %s
                      a maildir, a folder of .eml files or an mbox as one full sync (unreadable messages are
                      reported and abort the sync, so nothing is deleted for them)
                  %s
                      re-publish dead letters to the events topic once their cause is fixed
                """.formatted(FolderConnector.USAGE, MailConnector.USAGE, DeadLetterReplay.USAGE));
        return command.equals("help") ? 0 : 2;
    }
}
