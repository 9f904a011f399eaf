/* rapportctl-follow-up.c
 *
 * rapportctl follow-up add|list|show|assign|done|snooze|cancel|delete
 *
 * A follow-up keeps the time zone it was scheduled in ("call at 10:00
 * their time"); lists show the due moment in the user's zone and, when it
 * differs, the wall time in the follow-up's own zone.
 */

#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-error.h"
#include "rapport-json.h"
#include "rapport-time.h"
#include "rapportctl.h"

static const struct
{
  RapportDueRange  range;
  const char      *key;     /* JSON member */
  const char      *title;   /* N_() */
} sections[] = {
  { RAPPORT_DUE_OVERDUE, "overdue", N_("Overdue") },
  { RAPPORT_DUE_TODAY, "today", N_("Today") },
  { RAPPORT_DUE_UPCOMING, "upcoming", N_("Upcoming") },
};

static RapportFollowUp *
get_follow_up (Rapportctl  *ctl,
               const char  *ref,
               GError     **error)
{
  RapportStore *store;
  gint64 id;

  if (!rapportctl_parse_id (ref, _("follow-up"), &id, error))
    return NULL;

  store = rapportctl_get_store (ctl, error);
  if (store == NULL)
    return NULL;

  return rapport_store_get_follow_up (store, id, error);
}

static void
print_follow_up_json (Rapportctl *ctl,
                      gint64      id)
{
  g_autoptr(RapportFollowUp) stored = NULL;
  g_autoptr(JsonNode) node = NULL;

  stored = rapport_store_get_follow_up (ctl->store, id, NULL);
  if (stored == NULL)
    return;

  node = rapport_follow_up_to_json (stored);
  rapportctl_print_json (node);
}

static int
follow_up_add (Rapportctl  *ctl,
               int          argc,
               char       **argv)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *customer_ref = NULL;
  g_autofree char *due = NULL;
  g_autofree char *time_zone = NULL;
  g_autofree char *title = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *rrule = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *origin = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "customer", 'c', 0, G_OPTION_ARG_STRING, &customer_ref, N_("Whom it is about (required)"), N_("ID-OR-EMAIL") },
    { "due", 'd', 0, G_OPTION_ARG_STRING, &due, N_("When it is due (required)"), N_("DATE-TIME") },
    { "time-zone", 'z', 0, G_OPTION_ARG_STRING, &time_zone, N_("The zone --due is in, kept with the follow-up (default: yours)"), N_("ZONE") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("What to do (required)"), N_("TEXT") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("Notes"), N_("TEXT") },
    { "priority", 0, 0, G_OPTION_ARG_STRING, &priority, N_("1 (highest) to 9 (lowest); 0 for none"), N_("N") },
    { "rrule", 0, 0, G_OPTION_ARG_STRING, &rrule, N_("Repeat by an iCalendar rule, such as FREQ=WEEKLY;BYDAY=MO"), N_("RULE") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("Who is to do it"), N_("NAME") },
    { "interaction", 0, 0, G_OPTION_ARG_STRING, &origin, N_("The interaction whose promise this keeps"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the record as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("follow-up add", NULL,
                                 _("Schedules a follow-up and prints its id.\n"
                                   "Dates are YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or ISO 8601."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("follow-up add", _("unexpected argument “%s”"), argv[1]);
  if (customer_ref == NULL)
    return rapportctl_usage_error ("follow-up add", _("missing required option --customer"));
  if (due == NULL)
    return rapportctl_usage_error ("follow-up add", _("missing required option --due"));
  if (title == NULL)
    return rapportctl_usage_error ("follow-up add", _("missing required option --title"));

  follow_up = rapport_follow_up_new ();
  follow_up->title = g_steal_pointer (&title);
  follow_up->notes = g_steal_pointer (&notes);
  follow_up->owner = g_steal_pointer (&owner);
  follow_up->rrule = rrule != NULL && *rrule != '\0' ? g_steal_pointer (&rrule) : NULL;
  follow_up->time_zone = g_strdup (time_zone != NULL ? time_zone : rapportctl_local_zone_name (ctl));

  if (!rapportctl_parse_instant (ctl, due, time_zone, _("due"), &follow_up->due, &error))
    return rapportctl_fail_record (_("follow-up"), follow_up->title, error);

  if (priority != NULL &&
      !rapportctl_parse_int (priority, _("priority"), 0, 9, &follow_up->priority, &error))
    return rapportctl_fail_record (_("follow-up"), follow_up->title, error);

  if (origin != NULL &&
      !rapportctl_parse_id (origin, _("interaction"), &follow_up->origin_interaction_id, &error))
    return rapportctl_fail_record (_("follow-up"), follow_up->title, error);

  customer = rapportctl_find_customer (ctl, customer_ref, &error);
  if (customer == NULL)
    return rapportctl_fail (error);

  follow_up->customer_id = customer->id;
  if (!rapport_store_add_follow_up (ctl->store, follow_up, &error))
    return rapportctl_fail_record (_("follow-up"), follow_up->title, error);

  if (json)
    print_follow_up_json (ctl, follow_up->id);
  else
    g_print ("%" G_GINT64_FORMAT "\n", follow_up->id);

  return RAPPORTCTL_EXIT_OK;
}

static char *
format_flags (const RapportFollowUp *follow_up)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (follow_up->priority > 0)
    g_string_append_printf (out, _("priority %d"), follow_up->priority);
  if (follow_up->snoozed_until != 0)
    g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", _("snoozed"));
  if (follow_up->rrule != NULL)
    g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", _("recurring"));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
print_section (Rapportctl *ctl,
               const char *title,
               GPtrArray  *follow_ups)
{
  g_autoptr(RapportctlTable) table = rapportctl_table_new (5);

  g_print ("%s (%u)\n", title, follow_ups->len);
  if (follow_ups->len == 0)
    {
      g_print ("  %s\n", _("none"));
      return;
    }

  rapportctl_table_add (table, _("ID"), _("DUE"), _("CUSTOMER"), _("TITLE"), NULL);
  for (guint i = 0; i < follow_ups->len; i++)
    {
      const RapportFollowUp *follow_up = g_ptr_array_index (follow_ups, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, follow_up->id);
      g_autofree char *due = rapportctl_format_zoned (ctl, rapport_follow_up_get_effective_due (follow_up),
                                                      follow_up->time_zone);
      g_autofree char *flags = format_flags (follow_up);

      rapportctl_table_add (table, id, due,
                            follow_up->customer_id != 0 ? follow_up->customer_name : _("no customer yet"),
                            follow_up->title, flags);
    }

  rapportctl_table_print (table, "  ");
}

static JsonNode *
follow_up_json (gconstpointer record)
{
  return rapport_follow_up_to_json (record);
}

static int
follow_up_list (Rapportctl  *ctl,
                int          argc,
                char       **argv)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *customer_ref = NULL;
  RapportStore *store;
  gboolean wanted[G_N_ELEMENTS (sections)] = { FALSE, };
  gboolean unassigned = FALSE;
  gboolean any = FALSE;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &wanted[0], N_("Follow-ups past their due time"), NULL },
    { "today", 0, 0, G_OPTION_ARG_NONE, &wanted[1], N_("Follow-ups due later today"), NULL },
    { "upcoming", 0, 0, G_OPTION_ARG_NONE, &wanted[2], N_("Follow-ups due after today"), NULL },
    { "no-customer", 0, 0, G_OPTION_ARG_NONE, &unassigned, N_("Follow-ups that belong to no customer yet (tasks from other apps)"), NULL },
    { "customer", 'c', 0, G_OPTION_ARG_STRING, &customer_ref, N_("Only this customer’s"), N_("ID-OR-EMAIL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print an object with one array per section"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("follow-up list", NULL,
                                 _("Lists open follow-ups: overdue, today, upcoming and those of no customer yet "
                                   "(all four unless one is chosen). “Today” is today in your time zone."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("follow-up list", _("unexpected argument “%s”"), argv[1]);

  any = unassigned;
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    any |= wanted[i];
  if (!any)
    {
      for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
        wanted[i] = TRUE;
      unassigned = TRUE;
    }

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  if (customer_ref != NULL)
    {
      customer = rapportctl_find_customer (ctl, customer_ref, &error);
      if (customer == NULL)
        return rapportctl_fail (error);
    }

  now = g_date_time_new_now (ctl->local_zone);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autoptr(GPtrArray) due = NULL;

      if (!wanted[i])
        continue;

      due = rapport_store_list_due (store, sections[i].range, now, 0, &error);
      if (due == NULL)
        return rapportctl_fail (error);

      if (customer != NULL)
        {
          for (guint j = due->len; j > 0; j--)
            {
              const RapportFollowUp *follow_up = g_ptr_array_index (due, j - 1);

              if (follow_up->customer_id != customer->id)
                g_ptr_array_remove_index (due, j - 1);
            }
        }

      if (json)
        json_object_set_member (object, sections[i].key, rapportctl_json_array_new (due, follow_up_json));
      else
        print_section (ctl, _(sections[i].title), due);
    }

  /* One customer's list has none of no customer. */
  if (unassigned && customer == NULL)
    {
      g_autoptr(GPtrArray) none = rapport_store_list_unassigned (store, 0, &error);

      if (none == NULL)
        return rapportctl_fail (error);

      if (json)
        json_object_set_member (object, "no_customer", rapportctl_json_array_new (none, follow_up_json));
      else
        print_section (ctl, _("No customer yet"), none);
    }

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, object);
      rapportctl_print_json (node);
    }

  return RAPPORTCTL_EXIT_OK;
}

static int
follow_up_show (Rapportctl  *ctl,
                int          argc,
                char       **argv)
{
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(RapportctlTable) table = rapportctl_table_new (2);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *due = NULL;
  g_autofree char *snoozed = NULL;
  g_autofree char *completed = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *origin = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the record as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("follow-up show", "ID", _("Shows a follow-up."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("follow-up show",
                                   argc < 2 ? _("missing follow-up id") : _("too many arguments"));

  follow_up = get_follow_up (ctl, argv[1], &error);
  if (follow_up == NULL)
    return rapportctl_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) node = rapport_follow_up_to_json (follow_up);

      rapportctl_print_json (node);
      return RAPPORTCTL_EXIT_OK;
    }

  id = g_strdup_printf ("%" G_GINT64_FORMAT, follow_up->id);
  due = rapportctl_format_zoned (ctl, follow_up->due, follow_up->time_zone);
  snoozed = rapportctl_format_zoned (ctl, follow_up->snoozed_until, follow_up->time_zone);
  completed = rapportctl_format_instant (ctl, follow_up->completed_at);
  priority = follow_up->priority > 0 ? g_strdup_printf ("%d", follow_up->priority) : NULL;
  origin = follow_up->origin_interaction_id != 0
           ? g_strdup_printf ("%" G_GINT64_FORMAT, follow_up->origin_interaction_id) : NULL;

  g_print ("%s\n", follow_up->title);
  rapportctl_table_add (table, _("Id:"), id);
  rapportctl_table_add (table, _("Customer:"),
                        follow_up->customer_id != 0 ? follow_up->customer_name : _("no customer yet"));
  rapportctl_table_add (table, _("Due:"), due);
  rapportctl_table_add (table, _("State:"), rapport_enum_to_label (rapport_follow_up_state_info, follow_up->state));
  if (*snoozed != '\0')
    rapportctl_table_add (table, _("Snoozed until:"), snoozed);
  if (follow_up->rrule != NULL)
    rapportctl_table_add (table, _("Repeats:"), follow_up->rrule);
  if (priority != NULL)
    rapportctl_table_add (table, _("Priority:"), priority);
  if (follow_up->owner != NULL)
    rapportctl_table_add (table, _("Owner:"), follow_up->owner);
  if (follow_up->notes != NULL)
    rapportctl_table_add (table, _("Notes:"), follow_up->notes);
  if (origin != NULL)
    rapportctl_table_add (table, _("From interaction:"), origin);
  if (*completed != '\0')
    rapportctl_table_add (table, _("Completed:"), completed);
  rapportctl_table_print (table, "  ");

  return RAPPORTCTL_EXIT_OK;
}

static int
follow_up_assign (Rapportctl  *ctl,
                  int          argc,
                  char       **argv)
{
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the record as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("follow-up assign", "ID ID-OR-EMAIL",
                                 _("Gives a follow-up to a customer: one of no customer yet (a task from another app), "
                                   "or another customer’s."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc != 3)
    return rapportctl_usage_error ("follow-up assign",
                                   argc < 2 ? _("missing follow-up id")
                                   : argc < 3 ? _("missing customer") : _("too many arguments"));

  follow_up = get_follow_up (ctl, argv[1], &error);
  if (follow_up == NULL)
    return rapportctl_fail (error);

  customer = rapportctl_find_customer (ctl, argv[2], &error);
  if (customer == NULL)
    return rapportctl_fail (error);

  if (!rapport_store_assign_follow_up (ctl->store, follow_up->id, customer->id, &error))
    return rapportctl_fail_record (_("follow-up"), follow_up->title, error);

  if (json)
    {
      print_follow_up_json (ctl, follow_up->id);
      return RAPPORTCTL_EXIT_OK;
    }

  /* Translators: a follow-up's title, then a customer's name */
  g_print (_("Assigned “%s” to %s\n"), follow_up->title, customer->display_name);
  return RAPPORTCTL_EXIT_OK;
}

static int
follow_up_done (Rapportctl  *ctl,
                int          argc,
                char       **argv)
{
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(RapportFollowUp) next = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print {\"done\": …, \"next\": …} as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("follow-up done", "ID",
                                 _("Marks a follow-up done; a recurring one gets its next occurrence."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("follow-up done",
                                   argc < 2 ? _("missing follow-up id") : _("too many arguments"));

  follow_up = get_follow_up (ctl, argv[1], &error);
  if (follow_up == NULL)
    return rapportctl_fail (error);

  now = g_date_time_new_now (ctl->local_zone);
  if (!rapport_store_complete_follow_up (ctl->store, follow_up->id, now, &next, &error))
    return rapportctl_fail_record (_("follow-up"), follow_up->title, error);

  if (json)
    {
      g_autoptr(RapportFollowUp) done = rapport_store_get_follow_up (ctl->store, follow_up->id, &error);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      if (done == NULL)
        return rapportctl_fail (error);

      json_object_set_member (object, "done", rapport_follow_up_to_json (done));
      if (next != NULL)
        json_object_set_member (object, "next", rapport_follow_up_to_json (next));
      else
        json_object_set_null_member (object, "next");
      json_node_set_object (node, object);
      rapportctl_print_json (node);
      return RAPPORTCTL_EXIT_OK;
    }

  g_print (_("Done: “%s”\n"), follow_up->title);
  if (next != NULL)
    {
      g_autofree char *due = rapportctl_format_zoned (ctl, next->due, next->time_zone);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, next->id);

      /* Translators: the first %s is a date and time, the second a record id */
      g_print (_("Next occurrence: %s (id %s)\n"), due, id);
    }

  return RAPPORTCTL_EXIT_OK;
}

static int
follow_up_snooze (Rapportctl  *ctl,
                  int          argc,
                  char       **argv)
{
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *until = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *time_zone = NULL;
  g_autofree char *shown = NULL;
  gint64 instant = 0;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "until", 'u', 0, G_OPTION_ARG_STRING, &until, N_("Until when"), N_("DATE-TIME") },
    { "for", 0, 0, G_OPTION_ARG_STRING, &duration, N_("For how long from now: 30m, 2h, 1h30m"), N_("DURATION") },
    { "time-zone", 'z', 0, G_OPTION_ARG_STRING, &time_zone, N_("The zone --until is in (default: yours)"), N_("ZONE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the record as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("follow-up snooze", "ID",
                                 _("Puts a follow-up off until a later time."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("follow-up snooze",
                                   argc < 2 ? _("missing follow-up id") : _("too many arguments"));
  if ((until == NULL) == (duration == NULL))
    return rapportctl_usage_error ("follow-up snooze", _("give either --until or --for"));

  follow_up = get_follow_up (ctl, argv[1], &error);
  if (follow_up == NULL)
    return rapportctl_fail (error);

  if (until != NULL)
    {
      if (!rapportctl_parse_instant (ctl, until, time_zone, _("until"), &instant, &error))
        return rapportctl_fail_record (_("follow-up"), follow_up->title, error);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      gint64 seconds;

      if (!rapport_parse_duration (duration, _("snooze for"), &seconds, &error))
        return rapportctl_fail_record (_("follow-up"), follow_up->title, error);
      instant = g_date_time_to_unix (now) + seconds;
    }

  if (!rapport_store_snooze_follow_up (ctl->store, follow_up->id, instant, &error))
    return rapportctl_fail_record (_("follow-up"), follow_up->title, error);

  if (json)
    {
      print_follow_up_json (ctl, follow_up->id);
      return RAPPORTCTL_EXIT_OK;
    }

  shown = rapportctl_format_zoned (ctl, instant, follow_up->time_zone);
  g_print (_("Snoozed “%s” until %s\n"), follow_up->title, shown);
  return RAPPORTCTL_EXIT_OK;
}

static int
follow_up_cancel (Rapportctl  *ctl,
                  int          argc,
                  char       **argv)
{
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!rapportctl_parse_options ("follow-up cancel", "ID",
                                 _("Cancels a follow-up; it stays in the record."),
                                 NULL, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("follow-up cancel",
                                   argc < 2 ? _("missing follow-up id") : _("too many arguments"));

  follow_up = get_follow_up (ctl, argv[1], &error);
  if (follow_up == NULL)
    return rapportctl_fail (error);

  follow_up->state = RAPPORT_FOLLOW_UP_CANCELLED;
  if (!rapport_store_update_follow_up (ctl->store, follow_up, &error))
    return rapportctl_fail_record (_("follow-up"), follow_up->title, error);

  g_print (_("Cancelled “%s”\n"), follow_up->title);
  return RAPPORTCTL_EXIT_OK;
}

static int
follow_up_delete (Rapportctl  *ctl,
                  int          argc,
                  char       **argv)
{
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!rapportctl_parse_options ("follow-up delete", "ID", _("Deletes a follow-up."),
                                 NULL, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("follow-up delete",
                                   argc < 2 ? _("missing follow-up id") : _("too many arguments"));

  follow_up = get_follow_up (ctl, argv[1], &error);
  if (follow_up == NULL)
    return rapportctl_fail (error);

  if (!rapport_store_delete_follow_up (ctl->store, follow_up->id, &error))
    return rapportctl_fail_record (_("follow-up"), follow_up->title, error);

  g_print (_("Deleted “%s”\n"), follow_up->title);
  return RAPPORTCTL_EXIT_OK;
}

static const RapportctlCommand follow_up_commands[] = {
  { "add", follow_up_add, N_("Schedule a follow-up") },
  { "list", follow_up_list, N_("List overdue, today’s and upcoming follow-ups") },
  { "show", follow_up_show, N_("Show a follow-up") },
  { "assign", follow_up_assign, N_("Give a follow-up to a customer") },
  { "done", follow_up_done, N_("Mark a follow-up done") },
  { "snooze", follow_up_snooze, N_("Put a follow-up off") },
  { "cancel", follow_up_cancel, N_("Cancel a follow-up") },
  { "delete", follow_up_delete, N_("Delete a follow-up") },
  { NULL }
};

int
rapportctl_follow_up (Rapportctl  *ctl,
                      int          argc,
                      char       **argv)
{
  return rapportctl_dispatch (ctl, "follow-up", follow_up_commands, argc, argv);
}
