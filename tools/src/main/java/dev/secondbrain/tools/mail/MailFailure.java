package dev.secondbrain.tools.mail;

/** A message that could not be read: where it is and why (never dropped silently: the caller reports it). */
public record MailFailure(String where, String why) implements Mail {
}
