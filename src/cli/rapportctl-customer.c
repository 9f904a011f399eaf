/* rapportctl-customer.c
 *
 * rapportctl customer add|show|list|search|edit|delete|restore|erase|types
 */

#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "rapport-error.h"
#include "rapport-json.h"
#include "rapport-time.h"
#include "rapportctl.h"

/* How many interactions "customer show" lists under the history summary. */
#define RECENT_INTERACTIONS 5

/* How many customers "customer list" and "search" read at a time. */
#define PAGE_SIZE 500

typedef struct
{
  gboolean   organization;
  char      *kind;
  char      *name;
  char      *given_name;
  char      *family_name;
  char      *phonetic_name;
  char     **emails;
  char     **add_emails;
  char     **remove_emails;
  char     **phones;
  char     **add_phones;
  char     **remove_phones;
  char     **types;
  char     **add_types;
  char     **remove_types;
  char      *member_of;
  char      *job_title;
  char      *form_of_address;
  gboolean   first_name_basis;
  gboolean   formal;
  char      *language;
  char      *time_zone;
  char      *country;
  char      *channel;
  char      *best_time;
  char      *cultural_notes;
  char      *notes;
  char      *lifecycle;
  char      *consent_marketing;
  char      *consent_date;
  char      *consent_basis;
  gboolean   json;
} CustomerOptions;

static void
customer_options_clear (CustomerOptions *opts)
{
  g_free (opts->kind);
  g_free (opts->name);
  g_free (opts->given_name);
  g_free (opts->family_name);
  g_free (opts->phonetic_name);
  g_strfreev (opts->emails);
  g_strfreev (opts->add_emails);
  g_strfreev (opts->remove_emails);
  g_strfreev (opts->phones);
  g_strfreev (opts->add_phones);
  g_strfreev (opts->remove_phones);
  g_strfreev (opts->types);
  g_strfreev (opts->add_types);
  g_strfreev (opts->remove_types);
  g_free (opts->member_of);
  g_free (opts->job_title);
  g_free (opts->form_of_address);
  g_free (opts->language);
  g_free (opts->time_zone);
  g_free (opts->country);
  g_free (opts->channel);
  g_free (opts->best_time);
  g_free (opts->cultural_notes);
  g_free (opts->notes);
  g_free (opts->lifecycle);
  g_free (opts->consent_marketing);
  g_free (opts->consent_date);
  g_free (opts->consent_basis);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CustomerOptions, customer_options_clear)

/* The options "customer add" and "customer edit" share. */
#define PROFILE_ENTRIES(o) \
  { "name", 'n', 0, G_OPTION_ARG_STRING, &(o).name, N_("Display name"), N_("NAME") }, \
  { "given-name", 0, 0, G_OPTION_ARG_STRING, &(o).given_name, N_("Given (first) name"), N_("NAME") }, \
  { "family-name", 0, 0, G_OPTION_ARG_STRING, &(o).family_name, N_("Family (last) name"), N_("NAME") }, \
  { "phonetic-name", 0, 0, G_OPTION_ARG_STRING, &(o).phonetic_name, N_("How the name is pronounced"), N_("TEXT") }, \
  { "member-of", 0, 0, G_OPTION_ARG_STRING, &(o).member_of, N_("The organization this person belongs to: its id, email or name (\"\" for none)"), N_("ORGANIZATION") }, \
  { "job-title", 0, 0, G_OPTION_ARG_STRING, &(o).job_title, N_("Job title"), N_("TEXT") }, \
  { "form-of-address", 0, 0, G_OPTION_ARG_STRING, &(o).form_of_address, N_("Formal title: Mr., Ms., Mx., Dr., …"), N_("TITLE") }, \
  { "first-name-basis", 0, 0, G_OPTION_ARG_NONE, &(o).first_name_basis, N_("Address them by their given name"), NULL }, \
  { "language", 'l', 0, G_OPTION_ARG_STRING, &(o).language, N_("Preferred language (BCP 47 tag such as en-NG)"), N_("TAG") }, \
  { "time-zone", 'z', 0, G_OPTION_ARG_STRING, &(o).time_zone, N_("Time zone (IANA name such as Africa/Lagos)"), N_("ZONE") }, \
  { "country", 0, 0, G_OPTION_ARG_STRING, &(o).country, N_("Country (ISO 3166 code such as NG)"), N_("CODE") }, \
  { "channel", 0, 0, G_OPTION_ARG_STRING, &(o).channel, N_("Preferred channel: phone, email, sms, social, messaging, chat, video, in-person, letter, none"), N_("CHANNEL") }, \
  { "best-time", 0, 0, G_OPTION_ARG_STRING, &(o).best_time, N_("Best time to contact"), N_("TEXT") }, \
  { "cultural-notes", 0, 0, G_OPTION_ARG_STRING, &(o).cultural_notes, N_("Cultural notes"), N_("TEXT") }, \
  { "notes", 0, 0, G_OPTION_ARG_STRING, &(o).notes, N_("Notes"), N_("TEXT") }, \
  { "lifecycle", 0, 0, G_OPTION_ARG_STRING, &(o).lifecycle, N_("Lifecycle: lead, active, inactive, churned"), N_("STAGE") }, \
  { "consent-marketing", 0, 0, G_OPTION_ARG_STRING, &(o).consent_marketing, N_("Marketing consent: yes or no"), N_("yes|no") }, \
  { "consent-date", 0, 0, G_OPTION_ARG_STRING, &(o).consent_date, N_("When consent was given or withdrawn (default: today)"), N_("DATE") }, \
  { "consent-basis", 0, 0, G_OPTION_ARG_STRING, &(o).consent_basis, N_("How consent was obtained"), N_("TEXT") }, \
  { "json", 0, 0, G_OPTION_ARG_NONE, &(o).json, N_("Print the record as JSON"), NULL }

static JsonNode *
interaction_json (gconstpointer record)
{
  return rapport_interaction_to_json (record);
}

static JsonNode *
follow_up_json (gconstpointer record)
{
  return rapport_follow_up_to_json (record);
}

static JsonNode *
contract_json (gconstpointer record)
{
  return rapport_contract_to_json (record);
}

static JsonNode *
case_json (gconstpointer record)
{
  return rapport_case_to_json (record);
}

static JsonNode *
feedback_json (gconstpointer record)
{
  return rapport_feedback_to_json (record);
}

static JsonNode *
customer_type_json (gconstpointer record)
{
  return rapport_customer_type_to_json (record);
}

/* NULL leaves the field alone, "" clears it. */
static void
set_text (char       **field,
          const char  *value)
{
  if (value == NULL)
    return;

  g_free (*field);
  *field = *value != '\0' ? g_strdup (value) : NULL;
}

static char *
join_names (const char *given,
            const char *family)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (given != NULL && *given != '\0')
    g_string_append (out, given);
  if (family != NULL && *family != '\0')
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, family);
    }

  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* Every value of a repeatable option; "a,b" counts as two for types. */
static void
collect_values (GPtrArray  *out,
                char      **values,
                gboolean    split)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto(GStrv) parts = split ? g_strsplit_set (values[i], ",;", -1)
                                  : g_strsplit (values[i], "\n", 1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          g_strstrip (parts[j]);
          if (*parts[j] != '\0')
            g_ptr_array_add (out, g_strdup (parts[j]));
        }
    }
}

static void
remove_points (GPtrArray  *points,
               char      **values)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      for (guint j = points->len; j > 0; j--)
        {
          const RapportContactPoint *point = g_ptr_array_index (points, j - 1);

          if (g_ascii_strcasecmp (point->value, values[i]) == 0)
            g_ptr_array_remove_index (points, j - 1);
        }
    }
}

static void
set_points (RapportCustomer  *customer,
            GPtrArray        *points,
            char            **replace,
            char            **add,
            char            **remove,
            gboolean          emails)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  if (replace != NULL)
    g_ptr_array_set_size (points, 0);

  remove_points (points, remove);

  collect_values (values, replace, FALSE);
  collect_values (values, add, FALSE);

  for (guint i = 0; i < values->len; i++)
    {
      const char *value = g_ptr_array_index (values, i);
      gboolean preferred = points->len == 0;

      if (emails)
        rapport_customer_add_email (customer, value, NULL, preferred);
      else
        rapport_customer_add_phone (customer, value, NULL, preferred);
    }
}

static gboolean
parse_yes_no (const char  *text,
              const char  *field,
              gboolean    *value,
              GError     **error)
{
  if (g_ascii_strcasecmp (text, "yes") == 0 || g_ascii_strcasecmp (text, "true") == 0 ||
      g_str_equal (text, "1"))
    {
      *value = TRUE;
      return TRUE;
    }

  if (g_ascii_strcasecmp (text, "no") == 0 || g_ascii_strcasecmp (text, "false") == 0 ||
      g_str_equal (text, "0"))
    {
      *value = FALSE;
      return TRUE;
    }

  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
               _("%s: “%s” is not one of: yes, no"), field, text);
  return FALSE;
}

/* Applies the profile options to @customer; @editing: "customer edit",
 * where list options replace and --add-/--remove- options change. */
static gboolean
apply_options (Rapportctl       *ctl,
               CustomerOptions  *opts,
               RapportCustomer  *customer,
               gboolean          editing,
               GError          **error)
{
  g_autofree char *old_joined = join_names (customer->given_name, customer->family_name);
  gboolean name_was_joined = old_joined != NULL &&
                             g_strcmp0 (old_joined, customer->display_name) == 0;

  if (opts->kind != NULL)
    {
      int kind;

      if (!rapport_enum_from_key (rapport_customer_kind_info, opts->kind, _("kind"), &kind, error))
        return FALSE;
      customer->kind = kind;
    }

  set_text (&customer->given_name, opts->given_name);
  set_text (&customer->family_name, opts->family_name);
  set_text (&customer->phonetic_name, opts->phonetic_name);

  if (opts->name != NULL)
    set_text (&customer->display_name, opts->name);
  else if ((opts->given_name != NULL || opts->family_name != NULL) &&
           (!editing || name_was_joined || customer->display_name == NULL))
    {
      g_free (customer->display_name);
      customer->display_name = join_names (customer->given_name, customer->family_name);
    }

  set_text (&customer->job_title, opts->job_title);
  set_text (&customer->form_of_address, opts->form_of_address);
  if (opts->first_name_basis)
    customer->first_name_basis = TRUE;
  if (opts->formal)
    customer->first_name_basis = FALSE;
  set_text (&customer->language, opts->language);
  set_text (&customer->time_zone, opts->time_zone);
  set_text (&customer->country, opts->country);
  set_text (&customer->best_time, opts->best_time);
  set_text (&customer->cultural_notes, opts->cultural_notes);
  set_text (&customer->notes, opts->notes);
  set_text (&customer->consent_basis, opts->consent_basis);

  if (opts->channel != NULL)
    {
      int channel;

      if (!rapport_enum_from_key (rapport_channel_info, opts->channel, _("preferred channel"),
                                  &channel, error))
        return FALSE;
      customer->preferred_channel = channel;
    }

  if (opts->lifecycle != NULL)
    {
      int lifecycle;

      if (!rapport_enum_from_key (rapport_lifecycle_info, opts->lifecycle, _("lifecycle"),
                                  &lifecycle, error))
        return FALSE;
      customer->lifecycle = lifecycle;
    }

  if (opts->consent_marketing != NULL)
    {
      if (!parse_yes_no (opts->consent_marketing, _("marketing consent"),
                         &customer->consent_marketing, error))
        return FALSE;
      if (opts->consent_date == NULL)
        {
          g_free (customer->consent_date);
          customer->consent_date = rapportctl_dup_today (ctl);
        }
    }

  if (opts->consent_date != NULL)
    {
      char date[11];

      if (*opts->consent_date == '\0')
        g_clear_pointer (&customer->consent_date, g_free);
      else if (!rapport_parse_date (opts->consent_date, _("consent date"), date, error))
        return FALSE;
      else
        set_text (&customer->consent_date, date);
    }

  set_points (customer, customer->emails, opts->emails, opts->add_emails, opts->remove_emails, TRUE);
  set_points (customer, customer->phones, opts->phones, opts->add_phones, opts->remove_phones, FALSE);

  if (opts->types != NULL || opts->add_types != NULL || opts->remove_types != NULL)
    {
      g_autoptr(GPtrArray) add = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) remove = g_ptr_array_new_with_free_func (g_free);

      if (opts->types != NULL)
        g_ptr_array_set_size (customer->types, 0);

      collect_values (remove, opts->remove_types, TRUE);
      for (guint i = 0; i < remove->len; i++)
        for (guint j = customer->types->len; j > 0; j--)
          if (g_ascii_strcasecmp (g_ptr_array_index (customer->types, j - 1),
                                  g_ptr_array_index (remove, i)) == 0)
            g_ptr_array_remove_index (customer->types, j - 1);

      collect_values (add, opts->types, TRUE);
      collect_values (add, opts->add_types, TRUE);
      for (guint i = 0; i < add->len; i++)
        {
          g_autofree char *key = g_ascii_strdown (g_ptr_array_index (add, i), -1);

          rapport_customer_add_type (customer, key);
        }
    }

  if (opts->member_of != NULL)
    {
      if (*opts->member_of == '\0')
        customer->organization_id = 0;
      else
        {
          g_autoptr(RapportCustomer) organization = NULL;

          organization = rapportctl_find_customer (ctl, opts->member_of, error);
          if (organization == NULL)
            return FALSE;

          if (organization->kind != RAPPORT_CUSTOMER_KIND_ORGANIZATION)
            {
              g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("organization: “%s” is a person, not an organization"),
                           organization->display_name);
              return FALSE;
            }

          customer->organization_id = organization->id;
        }
    }

  return TRUE;
}

static int
print_stored_customer (Rapportctl *ctl,
                       gint64      id,
                       gboolean    json)
{
  g_autoptr(RapportCustomer) stored = NULL;
  g_autoptr(GError) error = NULL;

  if (!json)
    {
      g_print ("%" G_GINT64_FORMAT "\n", id);
      return RAPPORTCTL_EXIT_OK;
    }

  stored = rapport_store_get_customer (ctl->store, id, &error);
  if (stored == NULL)
    return rapportctl_fail (error);

  {
    g_autoptr(JsonNode) node = rapport_customer_to_json (stored);

    rapportctl_print_json (node);
  }

  return RAPPORTCTL_EXIT_OK;
}

static int
customer_add (Rapportctl  *ctl,
              int          argc,
              char       **argv)
{
  g_auto(CustomerOptions) opts = { 0 };
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  RapportStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "organization", 'o', 0, G_OPTION_ARG_NONE, &opts.organization, N_("The customer is an organization, not a person"), NULL },
    { "email", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &opts.emails, N_("Email address (repeat for more; the first is preferred)"), N_("ADDRESS") },
    { "phone", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &opts.phones, N_("Phone number (repeat for more; the first is preferred)"), N_("NUMBER") },
    { "type", 't', 0, G_OPTION_ARG_STRING_ARRAY, &opts.types, N_("Customer type key (repeat for more; see “customer types”)"), N_("TYPE") },
    PROFILE_ENTRIES (opts),
    { NULL }
  };

  if (!rapportctl_parse_options ("customer add", NULL,
                                 _("Adds a customer and prints its id."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("customer add", _("unexpected argument “%s”"), argv[1]);

  if (opts.name == NULL && opts.given_name == NULL && opts.family_name == NULL)
    return rapportctl_usage_error ("customer add", _("missing required option --name"));

  customer = rapport_customer_new (opts.organization ? RAPPORT_CUSTOMER_KIND_ORGANIZATION
                                                     : RAPPORT_CUSTOMER_KIND_PERSON);

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  if (!apply_options (ctl, &opts, customer, FALSE, &error))
    return rapportctl_fail_record (_("customer"), customer->display_name, error);

  if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION && customer->organization_id != 0)
    return rapportctl_usage_error ("customer add", _("--member-of is for people, not organizations"));

  if (!rapport_store_add_customer (store, customer, &error))
    return rapportctl_fail_record (_("customer"), customer->display_name, error);

  return print_stored_customer (ctl, customer->id, opts.json);
}

static int
customer_edit (Rapportctl  *ctl,
               int          argc,
               char       **argv)
{
  g_auto(CustomerOptions) opts = { 0 };
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &opts.kind, N_("person or organization"), N_("KIND") },
    { "email", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &opts.emails, N_("Replace the email addresses (repeat for more)"), N_("ADDRESS") },
    { "add-email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts.add_emails, N_("Add an email address"), N_("ADDRESS") },
    { "remove-email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts.remove_emails, N_("Remove an email address"), N_("ADDRESS") },
    { "phone", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &opts.phones, N_("Replace the phone numbers (repeat for more)"), N_("NUMBER") },
    { "add-phone", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts.add_phones, N_("Add a phone number"), N_("NUMBER") },
    { "remove-phone", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts.remove_phones, N_("Remove a phone number"), N_("NUMBER") },
    { "type", 't', 0, G_OPTION_ARG_STRING_ARRAY, &opts.types, N_("Replace the customer types (repeat for more)"), N_("TYPE") },
    { "add-type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts.add_types, N_("Add a customer type"), N_("TYPE") },
    { "remove-type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts.remove_types, N_("Remove a customer type"), N_("TYPE") },
    { "formal", 0, 0, G_OPTION_ARG_NONE, &opts.formal, N_("Address them by title and family name"), NULL },
    PROFILE_ENTRIES (opts),
    { NULL }
  };

  if (!rapportctl_parse_options ("customer edit", "ID-OR-EMAIL",
                                 _("Changes the given fields of a customer; an empty value (\"\") clears a field."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("customer edit",
                                   argc < 2 ? _("missing customer id or email")
                                            : _("too many arguments"));

  if (opts.first_name_basis && opts.formal)
    return rapportctl_usage_error ("customer edit", _("--first-name-basis and --formal exclude each other"));

  customer = rapportctl_find_customer (ctl, argv[1], &error);
  if (customer == NULL)
    return rapportctl_fail (error);

  if (!apply_options (ctl, &opts, customer, TRUE, &error))
    return rapportctl_fail_record (_("customer"), customer->display_name, error);

  if (!rapport_store_update_customer (ctl->store, customer, &error))
    return rapportctl_fail_record (_("customer"), customer->display_name, error);

  return print_stored_customer (ctl, customer->id, opts.json);
}

static void
print_points (RapportctlTable *table,
              const char      *label,
              GPtrArray       *points)
{
  for (guint i = 0; i < points->len; i++)
    {
      const RapportContactPoint *point = g_ptr_array_index (points, i);
      g_autofree char *text = NULL;

      if (point->label != NULL && *point->label != '\0')
        text = g_strdup_printf ("%s (%s)%s", point->value, point->label,
                                point->preferred && points->len > 1 ? _(", preferred") : "");
      else
        text = g_strdup_printf ("%s%s", point->value,
                                point->preferred && points->len > 1 ? _(" (preferred)") : "");

      rapportctl_table_add (table, i == 0 ? label : "", text);
    }
}

static void
add_field (RapportctlTable *table,
           const char      *label,
           const char      *value)
{
  if (value != NULL && *value != '\0')
    rapportctl_table_add (table, label, value);
}

static char *
format_address (const RapportAddress *address)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *parts[] = {
    address->street, address->postal_code, address->locality, address->region, address->country,
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, parts[i]);
    }

  if (address->label != NULL && *address->label != '\0')
    g_string_append_printf (out, " (%s)", address->label);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
print_profile (Rapportctl      *ctl,
               RapportCustomer *customer)
{
  g_autoptr(RapportctlTable) table = rapportctl_table_new (2);
  g_autofree char *types = rapportctl_format_types (ctl, customer->types);
  g_autofree char *derived = rapportctl_format_types (ctl, customer->derived_types);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, customer->id);
  g_autofree char *zone = NULL;
  g_autofree char *created = rapportctl_format_instant (ctl, customer->created);
  g_autofree char *modified = rapportctl_format_instant (ctl, customer->modified);
  g_autofree char *salutation = rapport_customer_dup_salutation_name (customer);

  g_print ("%s\n", customer->display_name);

  rapportctl_table_add (table, _("Id:"), id);
  rapportctl_table_add (table, _("UID:"), customer->uid);
  rapportctl_table_add (table, _("Kind:"), rapport_enum_to_label (rapport_customer_kind_info, customer->kind));
  add_field (table, _("Given name:"), customer->given_name);
  add_field (table, _("Family name:"), customer->family_name);
  add_field (table, _("Pronounced:"), customer->phonetic_name);
  add_field (table, _("Organization:"), customer->organization_name);
  add_field (table, _("Job title:"), customer->job_title);
  print_points (table, _("Email:"), customer->emails);
  print_points (table, _("Phone:"), customer->phones);
  for (guint i = 0; i < customer->addresses->len; i++)
    {
      g_autofree char *address = format_address (g_ptr_array_index (customer->addresses, i));

      rapportctl_table_add (table, i == 0 ? _("Address:") : "", address);
    }
  add_field (table, _("Types:"), types);
  add_field (table, _("Derived types:"), derived);
  add_field (table, _("Lifecycle:"), rapport_enum_to_label (rapport_lifecycle_info, customer->lifecycle));

  if (customer->kind == RAPPORT_CUSTOMER_KIND_PERSON)
    {
      add_field (table, _("Form of address:"), customer->form_of_address);
      add_field (table, _("Greeting name:"), salutation);
    }
  add_field (table, _("Language:"), customer->language);

  if (customer->time_zone != NULL)
    {
      g_autoptr(GTimeZone) tz = rapport_time_zone_new (customer->time_zone);
      g_autoptr(GDateTime) now = g_date_time_new_now (tz);
      g_autofree char *clock = g_date_time_format (now, "%H:%M");

      /* Translators: a time zone name, then the time it is there now */
      zone = g_strdup_printf (_("%s (their time now: %s)"), customer->time_zone, clock);
      add_field (table, _("Time zone:"), zone);
    }

  add_field (table, _("Country:"), customer->country);
  if (customer->preferred_channel != RAPPORT_CHANNEL_NONE)
    add_field (table, _("Preferred channel:"),
               rapport_enum_to_label (rapport_channel_info, customer->preferred_channel));
  add_field (table, _("Best time:"), customer->best_time);
  add_field (table, _("Cultural notes:"), customer->cultural_notes);
  add_field (table, _("Notes:"), customer->notes);

  if (customer->consent_date != NULL)
    {
      g_autofree char *consent = g_strdup_printf ("%s (%s%s%s)",
                                                  customer->consent_marketing ? _("yes") : _("no"),
                                                  customer->consent_date,
                                                  customer->consent_basis != NULL ? ", " : "",
                                                  customer->consent_basis != NULL ? customer->consent_basis : "");

      add_field (table, _("Marketing consent:"), consent);
    }

  add_field (table, _("Created:"), created);
  add_field (table, _("Modified:"), modified);

  rapportctl_table_print (table, "  ");
}

static void
print_history_summary (Rapportctl *ctl,
                       GPtrArray  *interactions)
{
  g_autoptr(RapportctlTable) table = rapportctl_table_new (5);

  g_print ("\n");
  if (interactions->len == 0)
    {
      g_print ("%s\n", _("History: no interactions yet"));
      return;
    }

  {
    const RapportInteraction *last = g_ptr_array_index (interactions, 0);
    g_autofree char *when = rapportctl_format_instant (ctl, last->when);

    /* Translators: the %u is a count, the %s the date of the newest interaction */
    g_print (ngettext ("History: %u interaction, the last on %s\n",
                       "History: %u interactions, the last on %s\n",
                       interactions->len),
             interactions->len, when);
  }

  for (guint i = 0; i < interactions->len && i < RECENT_INTERACTIONS; i++)
    {
      const RapportInteraction *interaction = g_ptr_array_index (interactions, i);
      g_autofree char *when = rapportctl_format_instant (ctl, interaction->when);

      rapportctl_table_add (table, when,
                            rapport_enum_to_label (rapport_channel_info, interaction->channel),
                            rapport_enum_to_label (rapport_direction_info, interaction->direction),
                            interaction->subject,
                            interaction->action_promised != NULL && *interaction->action_promised != '\0'
                              ? interaction->action_promised : NULL);
    }

  rapportctl_table_print (table, "  ");
}

static void
print_follow_ups (Rapportctl *ctl,
                  GPtrArray  *follow_ups)
{
  g_autoptr(RapportctlTable) table = rapportctl_table_new (3);
  guint open = 0;

  for (guint i = 0; i < follow_ups->len; i++)
    {
      const RapportFollowUp *follow_up = g_ptr_array_index (follow_ups, i);
      g_autofree char *id = NULL;
      g_autofree char *due = NULL;

      if (follow_up->state != RAPPORT_FOLLOW_UP_OPEN)
        continue;

      open++;
      id = g_strdup_printf ("%" G_GINT64_FORMAT, follow_up->id);
      due = rapportctl_format_zoned (ctl, rapport_follow_up_get_effective_due (follow_up),
                                     follow_up->time_zone);
      rapportctl_table_add (table, id, due, follow_up->title);
    }

  g_print ("\n");
  if (open == 0)
    {
      g_print ("%s\n", _("Open follow-ups: none"));
      return;
    }

  g_print (_("Open follow-ups (%u):\n"), open);
  rapportctl_table_print (table, "  ");
}

static void
print_contracts (Rapportctl *ctl,
                 GPtrArray  *contracts)
{
  g_autoptr(RapportctlTable) table = rapportctl_table_new (5);

  g_print ("\n");
  if (contracts->len == 0)
    {
      g_print ("%s\n", _("Contracts: none"));
      return;
    }

  g_print (_("Contracts (%u):\n"), contracts->len);
  for (guint i = 0; i < contracts->len; i++)
    {
      const RapportContract *contract = g_ptr_array_index (contracts, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, contract->id);
      g_autofree char *period = g_strdup_printf ("%s – %s",
                                                 contract->start_date != NULL ? contract->start_date : "",
                                                 contract->end_date != NULL ? contract->end_date : "");
      g_autofree char *value = rapportctl_format_money (contract->value, contract->currency);

      rapportctl_table_add (table, id, contract->product, period, value,
                            rapport_enum_to_label (rapport_contract_state_info, contract->state));
    }

  rapportctl_table_print (table, "  ");
}

static void
print_members (GPtrArray *members)
{
  g_autoptr(RapportctlTable) table = rapportctl_table_new (4);

  g_print ("\n");
  if (members->len == 0)
    {
      g_print ("%s\n", _("People: none"));
      return;
    }

  g_print (_("People (%u):\n"), members->len);
  for (guint i = 0; i < members->len; i++)
    {
      const RapportCustomer *member = g_ptr_array_index (members, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, member->id);

      rapportctl_table_add (table, id, member->display_name, member->job_title,
                            rapport_customer_get_email (member));
    }

  rapportctl_table_print (table, "  ");
}

static JsonNode *
members_json (GPtrArray *members)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < members->len; i++)
    {
      const RapportCustomer *member = g_ptr_array_index (members, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, member->id);
      json_builder_set_member_name (builder, "uid");
      json_builder_add_string_value (builder, member->uid);
      json_builder_set_member_name (builder, "display_name");
      json_builder_add_string_value (builder, member->display_name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static int
customer_show (Rapportctl  *ctl,
               int          argc,
               char       **argv)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) interactions = NULL;
  g_autoptr(GPtrArray) follow_ups = NULL;
  g_autoptr(GPtrArray) contracts = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) feedback = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print everything about the customer as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("customer show", "ID-OR-EMAIL",
                                 _("Shows a customer’s profile, contact history, open follow-ups and contracts."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("customer show",
                                   argc < 2 ? _("missing customer id or email")
                                            : _("too many arguments"));

  customer = rapportctl_find_customer (ctl, argv[1], &error);
  if (customer == NULL)
    return rapportctl_fail (error);

  interactions = rapport_store_list_interactions (ctl->store, customer->id, 0, &error);
  if (interactions != NULL)
    follow_ups = rapport_store_list_follow_ups (ctl->store, customer->id, !json, &error);
  if (follow_ups != NULL)
    contracts = rapport_store_list_contracts (ctl->store, customer->id, &error);
  if (contracts != NULL)
    members = customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION
      ? rapport_store_list_members (ctl->store, customer->id, &error)
      : g_ptr_array_new ();
  if (members != NULL && json)
    cases = rapport_store_list_cases (ctl->store, customer->id, FALSE, &error);
  if (cases != NULL)
    feedback = rapport_store_list_feedback (ctl->store, customer->id, &error);
  if (error != NULL)
    return rapportctl_fail_record (_("customer"), customer->display_name, error);

  if (json)
    {
      g_autoptr(JsonNode) node = rapport_customer_to_json (customer);
      JsonObject *object = json_node_get_object (node);

      json_object_set_member (object, "interactions", rapportctl_json_array_new (interactions, interaction_json));
      json_object_set_member (object, "follow_ups", rapportctl_json_array_new (follow_ups, follow_up_json));
      json_object_set_member (object, "contracts", rapportctl_json_array_new (contracts, contract_json));
      json_object_set_member (object, "cases", rapportctl_json_array_new (cases, case_json));
      json_object_set_member (object, "feedback", rapportctl_json_array_new (feedback, feedback_json));
      if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
        json_object_set_member (object, "members", members_json (members));

      rapportctl_print_json (node);
      return RAPPORTCTL_EXIT_OK;
    }

  print_profile (ctl, customer);
  if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    print_members (members);
  print_history_summary (ctl, interactions);
  print_follow_ups (ctl, follow_ups);
  print_contracts (ctl, contracts);

  return RAPPORTCTL_EXIT_OK;
}

static char *
format_type_keys (const RapportCustomer *customer)
{
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < customer->types->len; i++)
    g_string_append_printf (keys, "%s%s", keys->len > 0 ? "," : "",
                            (const char *) g_ptr_array_index (customer->types, i));

  /* Derived types in parentheses: computed from history, not stored. */
  for (guint i = 0; i < customer->derived_types->len; i++)
    g_string_append_printf (keys, "%s(%s)", keys->len > 0 ? "," : "",
                            (const char *) g_ptr_array_index (customer->derived_types, i));

  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static void
add_customer_rows (RapportctlTable *table,
                   GPtrArray       *customers)
{
  for (guint i = 0; i < customers->len; i++)
    {
      const RapportCustomer *customer = g_ptr_array_index (customers, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, customer->id);
      g_autofree char *keys = format_type_keys (customer);
      g_autofree char *name = NULL;

      if (customer->organization_name != NULL && *customer->organization_name != '\0')
        name = g_strdup_printf ("%s (%s)", customer->display_name, customer->organization_name);
      else
        name = g_strdup (customer->display_name);

      rapportctl_table_add (table, id, name,
                            rapport_customer_get_email (customer),
                            rapport_customer_get_phone (customer),
                            keys);
    }
}

/* A JSON array written element by element, laid out as
 * rapportctl_print_json() would lay out the whole array. */
static void
print_json_element (JsonGenerator *generator,
                    JsonNode      *node,
                    gboolean       first)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  lines = g_strsplit (text, "\n", -1);

  fputs (first ? "[\n" : ",\n", stdout);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      fputs ("  ", stdout);
      fputs (lines[i], stdout);
      if (lines[i + 1] != NULL)
        fputc ('\n', stdout);
    }
}

static int
list_customers (Rapportctl  *ctl,
                const char  *command,
                int          argc,
                char       **argv,
                gboolean     searching)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *sort = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(RapportctlTable) table = NULL;
  RapportCustomerQuery query = { 0 };
  RapportStore *store;
  gboolean json = FALSE;
  guint listed = 0;
  int limit = 0;
  int offset = 0;
  int status;
  const GOptionEntry entries[] = {
    { "type", 't', 0, G_OPTION_ARG_STRING, &type, N_("Only customers of this type (stored or derived)"), N_("TYPE") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("Only people or only organizations"), N_("person|organization") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("Order: name (default), last-contact, next-follow-up"), N_("ORDER") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip this many first"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the customers as a JSON array"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options (command, searching ? "TEXT…" : NULL,
                                 searching
                                   ? _("Finds customers by name, email, phone, organization, notes and history; case and accents do not matter.")
                                   : _("Lists customers."),
                                 entries, &argc, &argv, &status))
    return status;

  if (searching)
    {
      if (argc < 2)
        return rapportctl_usage_error (command, _("missing search text"));
      text = g_strjoinv (" ", argv + 1);
      if (*g_strstrip (text) == '\0')
        return rapportctl_usage_error (command, _("the search text is empty"));
    }
  else if (argc > 1)
    return rapportctl_usage_error (command, _("unexpected argument “%s”"), argv[1]);

  if (limit < 0 || offset < 0)
    return rapportctl_usage_error (command, _("--limit and --offset cannot be negative"));

  query.type_key = type;
  query.search = text;
  query.sort = RAPPORT_SORT_NAME;

  if (kind != NULL)
    {
      int value;

      if (!rapport_enum_from_key (rapport_customer_kind_info, kind, _("kind"), &value, &error))
        return rapportctl_fail (error);
      query.kind = value;
      query.kind_set = TRUE;
    }

  if (sort != NULL)
    {
      if (g_str_equal (sort, "name"))
        query.sort = RAPPORT_SORT_NAME;
      else if (g_str_equal (sort, "last-contact"))
        query.sort = RAPPORT_SORT_LAST_CONTACT;
      else if (g_str_equal (sort, "next-follow-up"))
        query.sort = RAPPORT_SORT_NEXT_FOLLOW_UP;
      else
        return rapportctl_usage_error (command, _("--sort: “%s” is not one of: name, last-contact, next-follow-up"), sort);
    }

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  if (json)
    {
      generator = json_generator_new ();
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
    }
  else
    {
      table = rapportctl_table_new (5);
      rapportctl_table_add (table, _("ID"), _("NAME"), _("EMAIL"), _("PHONE"), _("TYPES"));
    }

  /* Page by page, so that a big database is never loaded whole. */
  for (;;)
    {
      g_autoptr(GPtrArray) customers = NULL;
      guint wanted = PAGE_SIZE;

      if (limit > 0)
        wanted = MIN (PAGE_SIZE, (guint) limit - listed);
      if (wanted == 0)
        break;

      query.offset = offset + listed;
      query.limit = wanted;
      customers = rapport_store_list_customers (store, &query, &error);
      if (customers == NULL)
        return rapportctl_fail (error);

      for (guint i = 0; json && i < customers->len; i++)
        {
          g_autoptr(JsonNode) node = rapport_customer_to_json (g_ptr_array_index (customers, i));

          print_json_element (generator, node, listed + i == 0);
        }
      if (!json)
        add_customer_rows (table, customers);

      listed += customers->len;
      if (customers->len < wanted)
        break;
    }

  if (json)
    {
      fputs (listed > 0 ? "\n]\n" : "[]\n", stdout);
      fflush (stdout);
    }
  else if (listed == 0)
    g_print ("%s\n", _("No customers."));
  else
    rapportctl_table_print (table, "");

  return RAPPORTCTL_EXIT_OK;
}

static int
customer_list (Rapportctl  *ctl,
               int          argc,
               char       **argv)
{
  return list_customers (ctl, "customer list", argc, argv, FALSE);
}

static int
customer_search (Rapportctl  *ctl,
                 int          argc,
                 char       **argv)
{
  return list_customers (ctl, "customer search", argc, argv, TRUE);
}

static int
customer_delete (Rapportctl  *ctl,
                 int          argc,
                 char       **argv)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!rapportctl_parse_options ("customer delete", "ID-OR-EMAIL",
                                 _("Moves a customer to the trash; “customer restore” brings them back."),
                                 NULL, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("customer delete",
                                   argc < 2 ? _("missing customer id or email")
                                            : _("too many arguments"));

  customer = rapportctl_find_customer (ctl, argv[1], &error);
  if (customer == NULL)
    return rapportctl_fail (error);

  if (!rapport_store_delete_customer (ctl->store, customer->id, &error))
    return rapportctl_fail_record (_("customer"), customer->display_name, error);

  id = g_strdup_printf ("%" G_GINT64_FORMAT, customer->id);
  /* Translators: the first %s is a name, the second a record id */
  g_print (_("Moved “%s” to the trash (undo with: rapportctl customer restore %s)\n"),
           customer->display_name, id);
  return RAPPORTCTL_EXIT_OK;
}

static int
customer_restore (Rapportctl  *ctl,
                  int          argc,
                  char       **argv)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  RapportStore *store;
  gint64 id;
  int status;

  if (!rapportctl_parse_options ("customer restore", "ID",
                                 _("Brings a customer back from the trash."),
                                 NULL, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("customer restore",
                                   argc < 2 ? _("missing customer id") : _("too many arguments"));

  if (!rapportctl_parse_id (argv[1], _("id"), &id, &error))
    return rapportctl_fail (error);

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  if (!rapport_store_restore_customer (store, id, &error))
    return rapportctl_fail (error);

  customer = rapport_store_get_customer (store, id, &error);
  if (customer == NULL)
    return rapportctl_fail (error);

  g_print (_("Restored “%s”\n"), customer->display_name);
  return RAPPORTCTL_EXIT_OK;
}

static int
customer_erase (Rapportctl  *ctl,
                int          argc,
                char       **argv)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  RapportStore *store;
  gboolean yes = FALSE;
  gint64 id = 0;
  int status;
  const GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Confirm: this cannot be undone"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("customer erase", "ID-OR-EMAIL",
                                 _("Erases a customer and all their records for good (a data-protection erasure request). "
                                   "Export them first with “customer show --json” if they asked for their data."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("customer erase",
                                   argc < 2 ? _("missing customer id or email")
                                            : _("too many arguments"));

  if (!yes)
    return rapportctl_usage_error ("customer erase", _("erasing cannot be undone; add --yes to confirm"));

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  customer = rapport_store_find_customer (store, argv[1], &error);
  if (customer == NULL)
    {
      /* A customer in the trash is found by id only. */
      if (!rapportctl_parse_id (argv[1], _("id"), &id, NULL))
        return rapportctl_fail (error);

      g_clear_error (&error);
      if (!rapport_store_purge_customer (store, id, &error))
        return rapportctl_fail (error);

      g_print (_("Erased customer %s and all their records\n"), argv[1]);
      return RAPPORTCTL_EXIT_OK;
    }

  if (!rapport_store_purge_customer (store, customer->id, &error))
    return rapportctl_fail_record (_("customer"), customer->display_name, error);

  g_print (_("Erased “%s” and all their records\n"), customer->display_name);
  return RAPPORTCTL_EXIT_OK;
}

static int
customer_types (Rapportctl  *ctl,
                int          argc,
                char       **argv)
{
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportctlTable) table = rapportctl_table_new (3);
  RapportStore *store;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the types as a JSON array"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("customer types", NULL,
                                 _("Lists the customer types: their keys (for --type), names and what they imply."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("customer types", _("unexpected argument “%s”"), argv[1]);

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  types = rapport_store_list_customer_types (store, &error);
  if (types == NULL)
    return rapportctl_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) node = rapportctl_json_array_new (types, customer_type_json);

      rapportctl_print_json (node);
      return RAPPORTCTL_EXIT_OK;
    }

  rapportctl_table_add (table, _("KEY"), _("NAME"), _("DESCRIPTION"));
  for (guint i = 0; i < types->len; i++)
    {
      const RapportCustomerType *type = g_ptr_array_index (types, i);
      const char *name = type->builtin && type->name != NULL ? _(type->name) : type->name;
      const char *description = type->builtin && type->description != NULL && *type->description != '\0'
                                ? _(type->description) : type->description;

      rapportctl_table_add (table, type->key, name, description);
    }
  rapportctl_table_print (table, "");

  return RAPPORTCTL_EXIT_OK;
}

static const RapportctlCommand customer_commands[] = {
  { "add", customer_add, N_("Add a person or an organization") },
  { "show", customer_show, N_("Show a customer with history, follow-ups and contracts") },
  { "list", customer_list, N_("List customers, optionally of one type") },
  { "search", customer_search, N_("Find customers by any text") },
  { "edit", customer_edit, N_("Change a customer’s fields") },
  { "delete", customer_delete, N_("Move a customer to the trash") },
  { "restore", customer_restore, N_("Bring a customer back from the trash") },
  { "erase", customer_erase, N_("Erase a customer and their records for good") },
  { "types", customer_types, N_("List the customer types") },
  { NULL }
};

int
rapportctl_customer (Rapportctl  *ctl,
                     int          argc,
                     char       **argv)
{
  return rapportctl_dispatch (ctl, "customer", customer_commands, argc, argv);
}
