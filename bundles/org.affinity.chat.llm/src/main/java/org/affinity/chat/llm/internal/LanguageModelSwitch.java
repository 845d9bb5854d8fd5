package org.affinity.chat.llm.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import org.affinity.api.chat.LanguageModel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link LanguageModel} service while PID {@code org.affinity.chat.llm} switches it on
 * with a URL and a model, and takes it away when the configuration switches it off or goes. DS alone
 * would register a service whenever the component is satisfied, configured or not: a consumer must
 * never find a model that cannot answer, so this component registers it itself. A changed
 * configuration replaces the service (consumers with dynamic references move to the new one).
 */
@Component(configurationPid = "org.affinity.chat.llm", immediate = true)
@Designate(ocd = LlmConfig.class)
public class LanguageModelSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(LanguageModelSwitch.class);

    private final BundleContext context;
    private ServiceRegistration<LanguageModel> registration;

    @Activate
    public LanguageModelSwitch(BundleContext context, LlmConfig config) {
        this.context = context;
        apply(config);
    }

    @Modified
    void modified(LlmConfig config) {
        apply(config);
    }

    @Deactivate
    synchronized void deactivate() {
        unregister();
    }

    private synchronized void apply(LlmConfig config) {
        unregister();
        StringBuilder why = new StringBuilder();
        Optional<LlmSettings> settings = LlmSettings.of(config, why);
        if (settings.isEmpty()) {
            if (config.enabled()) {
                LOG.warn("language model not registered: {} (PID org.affinity.chat.llm)", why);
            } else {
                LOG.info("language model not registered: {}", why);
            }
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("llm.model", settings.get().model());
        properties.put("llm.endpoint", settings.get().endpoint().toString());
        properties.put(Constants.SERVICE_DESCRIPTION, "OpenAI-compatible chat completions: " + settings.get().model());
        registration = context.registerService(LanguageModel.class, new ChatCompletions(settings.get()), properties);
        LOG.info("language model '{}' at {} registered", settings.get().model(), settings.get().endpoint());
    }

    private void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping: the framework took it away already
            }
            registration = null;
        }
    }
}
