package org.affinity.store.jdbc.internal;

import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.member.Member;
import org.affinity.api.store.StoreListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * A StoreListener service fetched when it is first used, not when DS binds it. Most listeners need
 * the Store themselves; fetching one while the store activates would ask DS to activate a component
 * that is waiting for the store, which DS refuses as a cycle ("ServiceFactory.getService() resulted
 * in a cycle") and the listener was then never bound: the search index stayed empty. The store asks
 * for the service on the listener's own thread right after binding, so listeners still start with
 * the store. A fetch that fails is tried again with the next change.
 */
final class DeferredListener implements StoreListener {

    private final ComponentServiceObjects<StoreListener> objects;
    private final String name;
    private StoreListener service;

    DeferredListener(ComponentServiceObjects<StoreListener> objects) {
        this.objects = objects;
        ServiceReference<StoreListener> reference = objects.getServiceReference();
        Object component = reference == null ? null : reference.getProperty(ComponentConstants.COMPONENT_NAME);
        this.name = component != null ? component.toString() : "store listener " + (reference == null ? "?" : reference.getProperty("service.id"));
    }

    synchronized StoreListener service() {
        if (service == null) {
            StoreListener fetched = objects.getService();
            if (fetched == null) {
                throw new IllegalStateException(name + " is registered but its service could not be obtained (yet)");
            }
            service = fetched;
        }
        return service;
    }

    synchronized void release() {
        if (service != null) {
            try {
                objects.ungetService(service);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // the listener's bundle is already gone
            }
            service = null;
        }
    }

    @Override
    public void eventsAppended(List<Event> events) {
        service().eventsAppended(events);
    }

    @Override
    public void itemsChanged(List<Item> items) {
        service().itemsChanged(items);
    }

    @Override
    public void membersChanged(List<Member> members) {
        service().membersChanged(members);
    }

    @Override
    public void memberErased(String memberId) {
        service().memberErased(memberId);
    }

    @Override
    public Map<String, Object> exportMember(String memberId) {
        return service().exportMember(memberId);
    }

    @Override
    public String toString() {
        return name;
    }
}
