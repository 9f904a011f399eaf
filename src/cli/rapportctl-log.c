/* rapportctl-log.c
 *
 * rapportctl log: record an interaction (message taking: for whom, from
 * whom, how to reach them, what, why, by whom, when, how long), and
 * optionally turn its promise into a follow-up in the same step.
 * rapportctl history: a customer's contact history, newest first.
 */

#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-error.h"
#include "rapport-json.h"
#include "rapport-time.h"
#include "rapport-validate.h"
#include "rapportctl.h"

static JsonNode *
interaction_json (gconstpointer record)
{
  return rapport_interaction_to_json (record);
}

/* "rapportctl: interaction with “Amara Okafor”: channel: ..." */
static int
fail_interaction (const RapportCustomer *customer,
                  const GError          *error)
{
  return rapportctl_fail_record (_("interaction with"), customer->display_name, error);
}

int
rapportctl_log (Rapportctl  *ctl,
                int          argc,
                char       **argv)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(RapportInteraction) interaction = NULL;
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *customer_ref = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *direction = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *requested = NULL;
  g_autofree char *promised = NULL;
  g_autofree char *recorded_by = NULL;
  g_autofree char *contact_name = NULL;
  g_autofree char *contact_point = NULL;
  g_autofree char *handle_time = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *when = NULL;
  g_autofree char *time_zone = NULL;
  g_autofree char *follow_up_due = NULL;
  g_autofree char *follow_up_title = NULL;
  g_autofree char *case_ref = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "customer", 'c', 0, G_OPTION_ARG_STRING, &customer_ref, N_("For whom: the customer (required)"), N_("ID-OR-EMAIL") },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, N_("phone (default), email, sms, social, messaging, chat, video, in-person, letter"), N_("CHANNEL") },
    { "direction", 'd', 0, G_OPTION_ARG_STRING, &direction, N_("inbound (default) or outbound"), N_("DIRECTION") },
    { "subject", 's', 0, G_OPTION_ARG_STRING, &subject, N_("What it was about"), N_("TEXT") },
    { "body", 'b', 0, G_OPTION_ARG_STRING, &body, N_("The message"), N_("TEXT") },
    { "requested", 0, 0, G_OPTION_ARG_STRING, &requested, N_("Action the customer requested"), N_("TEXT") },
    { "promised", 0, 0, G_OPTION_ARG_STRING, &promised, N_("Action promised to the customer"), N_("TEXT") },
    { "recorded-by", 0, 0, G_OPTION_ARG_STRING, &recorded_by, N_("Who took the message"), N_("NAME") },
    { "contact-name", 0, 0, G_OPTION_ARG_STRING, &contact_name, N_("From whom, when not the customer"), N_("NAME") },
    { "contact-point", 0, 0, G_OPTION_ARG_STRING, &contact_point, N_("Number or address to reach them"), N_("TEXT") },
    { "handle-time", 0, 0, G_OPTION_ARG_STRING, &handle_time, N_("How long it took: 6m, 90s, 1h30m"), N_("DURATION") },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome, N_("How it ended"), N_("TEXT") },
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_ref, N_("The case (complaint or query) it belongs to"), N_("ID") },
    { "when", 'w', 0, G_OPTION_ARG_STRING, &when, N_("When it happened (default: now)"), N_("DATE-TIME") },
    { "time-zone", 'z', 0, G_OPTION_ARG_STRING, &time_zone, N_("Zone of --when and --follow-up-due (default: yours)"), N_("ZONE") },
    { "follow-up-due", 0, 0, G_OPTION_ARG_STRING, &follow_up_due, N_("Also schedule a follow-up for the promise, due then"), N_("DATE-TIME") },
    { "follow-up-title", 0, 0, G_OPTION_ARG_STRING, &follow_up_title, N_("Title of that follow-up (default: the promise)"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the record (and follow-up) as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("log", NULL,
                                 _("Records an interaction in a customer’s contact history and prints its id.\n"
                                   "Dates are YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or ISO 8601."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("log", _("unexpected argument “%s”"), argv[1]);
  if (customer_ref == NULL)
    return rapportctl_usage_error ("log", _("missing required option --customer"));
  if (follow_up_title != NULL && follow_up_due == NULL)
    return rapportctl_usage_error ("log", _("--follow-up-title needs --follow-up-due"));

  interaction = rapport_interaction_new ();
  interaction->subject = g_steal_pointer (&subject);
  interaction->body = g_steal_pointer (&body);
  interaction->action_requested = g_steal_pointer (&requested);
  interaction->action_promised = g_strdup (promised);
  interaction->recorded_by = g_steal_pointer (&recorded_by);
  interaction->contact_name = g_steal_pointer (&contact_name);
  interaction->contact_point = g_steal_pointer (&contact_point);
  interaction->outcome = g_steal_pointer (&outcome);

  /* The follow-up's title: what was promised, else what it was about. */
  if (follow_up_due != NULL && follow_up_title == NULL)
    {
      if (promised != NULL && *promised != '\0')
        follow_up_title = g_strdup (promised);
      else if (interaction->subject != NULL && *interaction->subject != '\0')
        follow_up_title = g_strdup (interaction->subject);
      else
        return rapportctl_usage_error ("log", _("--follow-up-due needs --promised, --subject or --follow-up-title for its title"));
    }

  customer = rapportctl_find_customer (ctl, customer_ref, &error);
  if (customer == NULL)
    return rapportctl_fail (error);

  /* Everything is checked before anything is written. */
  if (case_ref != NULL &&
      !rapportctl_parse_id (case_ref, _("case"), &interaction->case_id, &error))
    return fail_interaction (customer, error);

  if (channel != NULL)
    {
      int value;

      if (!rapport_enum_from_key (rapport_channel_info, channel, _("channel"), &value, &error))
        return fail_interaction (customer, error);
      interaction->channel = value;
    }

  if (direction != NULL)
    {
      int value;

      if (!rapport_enum_from_key (rapport_direction_info, direction, _("direction"), &value, &error))
        return fail_interaction (customer, error);
      interaction->direction = value;
    }

  if (handle_time != NULL &&
      !rapport_parse_duration (handle_time, _("handle time"), &interaction->handle_time, &error))
    return fail_interaction (customer, error);

  if (when != NULL)
    {
      if (!rapportctl_parse_instant (ctl, when, time_zone, _("when"), &interaction->when, &error))
        return fail_interaction (customer, error);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (time_zone != NULL &&
          !rapport_validate_time_zone (time_zone, _("time zone"), &error))
        return fail_interaction (customer, error);
      interaction->when = g_date_time_to_unix (now);
    }

  if (follow_up_due != NULL)
    {
      follow_up = rapport_follow_up_new ();
      follow_up->title = g_strdup (follow_up_title);
      follow_up->time_zone = g_strdup (time_zone != NULL ? time_zone : rapportctl_local_zone_name (ctl));
      follow_up->owner = g_strdup (interaction->recorded_by);
      if (!rapportctl_parse_instant (ctl, follow_up_due, time_zone, _("follow-up due"), &follow_up->due, &error))
        return rapportctl_fail_record (_("follow-up for"), customer->display_name, error);
    }

  interaction->customer_id = customer->id;
  if (!rapport_store_add_interaction (ctl->store, interaction, &error))
    return fail_interaction (customer, error);

  if (follow_up != NULL)
    {
      follow_up->customer_id = customer->id;
      follow_up->origin_interaction_id = interaction->id;

      if (!rapport_store_add_follow_up (ctl->store, follow_up, &error))
        {
          /* Log both or neither. */
          rapport_store_delete_interaction (ctl->store, interaction->id, NULL);
          return rapportctl_fail_record (_("follow-up for"), customer->display_name, error);
        }
    }

  if (json)
    {
      g_autoptr(RapportInteraction) stored = rapport_store_get_interaction (ctl->store, interaction->id, &error);
      g_autoptr(JsonNode) node = NULL;

      if (stored == NULL)
        return rapportctl_fail (error);

      node = rapport_interaction_to_json (stored);
      if (follow_up != NULL)
        {
          g_autoptr(RapportFollowUp) stored_follow_up = rapport_store_get_follow_up (ctl->store, follow_up->id, &error);

          if (stored_follow_up == NULL)
            return rapportctl_fail (error);

          json_object_set_member (json_node_get_object (node), "follow_up",
                                  rapport_follow_up_to_json (stored_follow_up));
        }

      rapportctl_print_json (node);
      return RAPPORTCTL_EXIT_OK;
    }

  g_print ("%" G_GINT64_FORMAT "\n", interaction->id);
  if (follow_up != NULL)
    {
      g_autofree char *due = rapportctl_format_zoned (ctl, follow_up->due, follow_up->time_zone);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, follow_up->id);

      /* Translators: the first %s is a follow-up id, the second its due date */
      g_printerr (_("Follow-up %s due %s\n"), id, due);
    }

  return RAPPORTCTL_EXIT_OK;
}

int
rapportctl_history (Rapportctl  *ctl,
                    int          argc,
                    char       **argv)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) interactions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportctlTable) table = rapportctl_table_new (7);
  g_autofree char *customer_ref = NULL;
  gboolean json = FALSE;
  gboolean full = FALSE;
  int limit = 0;
  int status;
  const GOptionEntry entries[] = {
    { "customer", 'c', 0, G_OPTION_ARG_STRING, &customer_ref, N_("Whose history (or give it as the argument)"), N_("ID-OR-EMAIL") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Only the newest N interactions"), N_("N") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Print every field of each interaction"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the interactions as a JSON array"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("history", "[ID-OR-EMAIL]",
                                 _("Shows a customer’s contact history, newest first."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 2 || (argc == 2 && customer_ref != NULL))
    return rapportctl_usage_error ("history", _("too many arguments"));
  if (argc == 2)
    customer_ref = g_strdup (argv[1]);
  if (customer_ref == NULL)
    return rapportctl_usage_error ("history", _("missing required option --customer"));
  if (limit < 0)
    return rapportctl_usage_error ("history", _("--limit cannot be negative"));

  customer = rapportctl_find_customer (ctl, customer_ref, &error);
  if (customer == NULL)
    return rapportctl_fail (error);

  interactions = rapport_store_list_interactions (ctl->store, customer->id, limit, &error);
  if (interactions == NULL)
    return rapportctl_fail_record (_("customer"), customer->display_name, error);

  if (json)
    {
      g_autoptr(JsonNode) node = rapportctl_json_array_new (interactions, interaction_json);

      rapportctl_print_json (node);
      return RAPPORTCTL_EXIT_OK;
    }

  if (interactions->len == 0)
    {
      g_print (_("No interactions with “%s” yet.\n"), customer->display_name);
      return RAPPORTCTL_EXIT_OK;
    }

  if (full)
    {
      for (guint i = 0; i < interactions->len; i++)
        {
          const RapportInteraction *interaction = g_ptr_array_index (interactions, i);
          g_autoptr(RapportctlTable) fields = rapportctl_table_new (2);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, interaction->id);
          g_autofree char *when = rapportctl_format_instant (ctl, interaction->when);
          g_autofree char *how_long = interaction->handle_time > 0
                                      ? rapport_format_duration (interaction->handle_time) : NULL;
          g_autofree char *how = g_strdup_printf ("%s, %s",
                                                  rapport_enum_to_label (rapport_channel_info, interaction->channel),
                                                  rapport_enum_to_label (rapport_direction_info, interaction->direction));
          const char *rows[][2] = {
            { N_("Id:"), id },
            { N_("When:"), when },
            { N_("Channel:"), how },
            { N_("From:"), interaction->contact_name },
            { N_("Reach at:"), interaction->contact_point },
            { N_("Subject:"), interaction->subject },
            { N_("Message:"), interaction->body },
            { N_("Requested:"), interaction->action_requested },
            { N_("Promised:"), interaction->action_promised },
            { N_("Outcome:"), interaction->outcome },
            { N_("Recorded by:"), interaction->recorded_by },
            { N_("Handle time:"), how_long },
          };

          if (i > 0)
            g_print ("\n");
          for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
            if (rows[r][1] != NULL && *rows[r][1] != '\0')
              rapportctl_table_add (fields, _(rows[r][0]), rows[r][1]);
          rapportctl_table_print (fields, "");
        }

      return RAPPORTCTL_EXIT_OK;
    }

  rapportctl_table_add (table, _("ID"), _("WHEN"), _("CHANNEL"), _("DIRECTION"),
                        _("TIME"), _("SUBJECT"), _("PROMISED"));
  for (guint i = 0; i < interactions->len; i++)
    {
      const RapportInteraction *interaction = g_ptr_array_index (interactions, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, interaction->id);
      g_autofree char *when = rapportctl_format_instant (ctl, interaction->when);
      g_autofree char *how_long = interaction->handle_time > 0
                                  ? rapport_format_duration (interaction->handle_time) : NULL;

      rapportctl_table_add (table, id, when,
                            rapport_enum_to_label (rapport_channel_info, interaction->channel),
                            rapport_enum_to_label (rapport_direction_info, interaction->direction),
                            how_long, interaction->subject, interaction->action_promised);
    }
  rapportctl_table_print (table, "");

  return RAPPORTCTL_EXIT_OK;
}
