package dev.secondbrain.api.webhooks;

import java.util.List;

/** A keyset page of the delivery log, newest first. */
record DeliveryPage(List<Delivery> items, String nextCursor) {
}
