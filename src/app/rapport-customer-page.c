/* rapport-customer-page.c
 *
 * The detail pane of the Customers section. The page keeps the stored
 * customer in @saved and reads the draft back from its widgets whenever a
 * field changes; rapport-app-state decides what is wrong with the draft
 * and whether it differs from @saved, and the page only shows it.
 *
 * The records around the customer (follow-ups, history, contracts) are
 * rebuilt whenever the store says something changed. Deleting one of them
 * shows a toast whose Undo adds a copy back (same uid, new id).
 */

#define G_LOG_DOMAIN "rapport-customer-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-app-state.h"
#include "rapport-contract-dialog.h"
#include "rapport-customer-page.h"
#include "rapport-error.h"
#include "rapport-follow-up-dialog.h"
#include "rapport-log-dialog.h"
#include "rapport-form.h"
#include "rapport-notice-dialog.h"
#include "rapport-schedule.h"
#include "rapport-scheduler.h"
#include "rapport-window.h"

#define HISTORY_PAGE 50

typedef enum
{
  PENDING_NONE,
  PENDING_SHOW,
  PENDING_NEW,
} PendingKind;

/* What an Undo needs after the page may be gone: the store outlives it. */
typedef struct
{
  RapportStore  *store;
  GWeakRef       window;
  RapportEntity  entity;
  gpointer       record;         /* a copy of what was deleted */
  GArray        *follow_up_ids;  /* gint64: follow-ups of a deleted interaction */
} DeleteUndo;

typedef struct
{
  RapportCustomerPage *page;
  GPtrArray           *rows;        /* the array this row lives in */
  AdwPreferencesGroup *group;
  AdwEntryRow         *entry;
  AdwPreferencesRow   *error_row;
  GtkLabel            *error_label;
  char                *label;       /* "work", "mobile"... kept as loaded */
  gboolean             preferred;
} ContactRow;

struct _RapportCustomerPage
{
  GtkWidget            parent_instance;

  RapportContext      *context;
  RapportCustomer     *saved;          /* as stored; id 0 for a new one */
  GPtrArray           *email_rows;     /* ContactRow */
  GPtrArray           *phone_rows;     /* ContactRow */
  GPtrArray           *types;          /* RapportCustomerType */
  GPtrArray           *type_buttons;   /* GtkCheckButton, as @types */
  GArray              *type_cadences;  /* int, days, as @types */
  int                  saved_cadence;  /* the customer's own, as stored */
  gint64               organization_id;
  char                *organization_name;
  guint                history_limit;
  guint                clock_id;
  guint                reload_id;
  gboolean             loading;
  gboolean             has_changes;
  gboolean             narrow;
  gboolean             deleting;

  PendingKind          pending;
  gint64               pending_id;
  RapportCustomerKind  pending_kind;
  AdwMessageDialog    *confirm_dialog;

  /* Template children */
  AdwWindowTitle      *window_title;
  GtkButton           *back_button;
  GtkStack            *stack;
  GtkScrolledWindow   *scrolled_window;
  GtkLabel            *error_label;
  AdwPreferencesGroup *profile_group;
  AdwEntryRow         *display_name_row;
  AdwPreferencesRow   *display_name_error_row;
  GtkLabel            *display_name_error;
  AdwEntryRow         *given_name_row;
  AdwEntryRow         *family_name_row;
  AdwActionRow        *organization_row;
  GtkButton           *organization_clear_button;
  GtkMenuButton       *organization_choose_button;
  GtkPopover          *organization_popover;
  GtkSearchEntry      *organization_search;
  GtkListBox          *organization_results;
  AdwEntryRow         *job_title_row;
  AdwPreferencesGroup *emails_group;
  AdwPreferencesGroup *phones_group;
  AdwEntryRow         *form_of_address_row;
  AdwActionRow        *first_name_basis_row;
  GtkSwitch           *first_name_basis_switch;
  AdwEntryRow         *language_row;
  AdwPreferencesRow   *language_error_row;
  GtkLabel            *language_error;
  AdwEntryRow         *time_zone_row;
  AdwPreferencesRow   *time_zone_error_row;
  GtkLabel            *time_zone_error;
  AdwActionRow        *local_time_row;
  AdwComboRow         *channel_row;
  AdwEntryRow         *best_time_row;
  AdwActionRow        *stay_in_touch_row;
  GtkSpinButton       *stay_in_touch_spin;
  AdwEntryRow         *country_row;
  AdwPreferencesRow   *country_error_row;
  GtkLabel            *country_error;
  AdwEntryRow         *cultural_notes_row;
  GtkTextView         *notes_view;
  AdwExpanderRow      *types_row;
  GPtrArray           *type_rows;      /* AdwActionRow, as @types */
  AdwPreferencesGroup *members_group;
  GtkListBox          *members_list;
  AdwPreferencesGroup *follow_ups_group;
  GtkButton           *new_follow_up_button;
  GtkListBox          *follow_ups_list;
  AdwPreferencesGroup *history_group;
  GtkButton           *log_interaction_button;
  GtkBox              *timeline_box;
  GtkButton           *show_older_button;
  AdwPreferencesGroup *contracts_group;
  GtkButton           *add_contract_button;
  GtkListBox          *contracts_list;
};

static void update_state   (RapportCustomerPage *self);
static void load_customer  (RapportCustomerPage *self,
                            gint64               id);
static void reload_records (RapportCustomerPage *self);

G_DEFINE_FINAL_TYPE (RapportCustomerPage, rapport_customer_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_NARROW,
  N_PROPS
};

enum {
  DELETED,
  CLOSED,
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static RapportStore *
get_store (RapportCustomerPage *self)
{
  return rapport_context_get_store (self->context);
}

static GtkWindow *
get_parent_window (RapportCustomerPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gint64
shown_id (RapportCustomerPage *self)
{
  return self->saved != NULL ? self->saved->id : 0;
}

static void
show_error (RapportCustomerPage *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Rows render their title and subtitle as Pango markup. */
static void
set_row_text (AdwPreferencesRow *row,
              const char        *title,
              const char        *subtitle)
{
  g_autofree char *escaped_title = g_markup_escape_text (title != NULL ? title : "", -1);

  adw_preferences_row_set_title (row, escaped_title);

  if (subtitle != NULL)
    {
      g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle, -1);

      if (ADW_IS_ACTION_ROW (row))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
      else if (ADW_IS_EXPANDER_ROW (row))
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), escaped_subtitle);
    }
}

static void
remove_all_children (GtkWidget *parent)
{
  GtkWidget *child;

  if (GTK_IS_LIST_BOX (parent))
    {
      GtkListBoxRow *row;

      /* Rows only: the placeholder stays. */
      while ((row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (parent), 0)) != NULL)
        gtk_list_box_remove (GTK_LIST_BOX (parent), GTK_WIDGET (row));
      return;
    }

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    gtk_box_remove (GTK_BOX (parent), child);
}

static void
set_list_placeholder (GtkListBox *list,
                      const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_box_set_placeholder (list, label);
}

/* An icon-only button in a row that runs @action_name on the record @id. */
static GtkWidget *
create_row_button (const char *icon_name,
                   const char *tooltip,
                   const char *label,
                   const char *action_name,
                   gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);

  return button;
}

static char *
dup_entry_text (AdwEntryRow *row)
{
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
read_working_hours (RapportCustomerPage *self,
                    int                 *start,
                    int                 *end)
{
  GSettings *settings = rapport_context_get_settings (self->context);
  g_autoptr(GSettingsSchema) schema = NULL;

  *start = 9 * 60;
  *end = 17 * 60;

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema != NULL && g_settings_schema_has_key (schema, "work-day-start"))
    *start = g_settings_get_int (settings, "work-day-start");
  if (schema != NULL && g_settings_schema_has_key (schema, "work-day-end"))
    *end = g_settings_get_int (settings, "work-day-end");
}

/* Contact rows (emails and phones) */

static void
contact_row_free (ContactRow *row)
{
  g_free (row->label);
  g_free (row);
}

static void
contact_row_remove_clicked_cb (GtkButton  *button,
                               ContactRow *row)
{
  RapportCustomerPage *self = row->page;

  adw_preferences_group_remove (row->group, GTK_WIDGET (row->entry));
  adw_preferences_group_remove (row->group, GTK_WIDGET (row->error_row));
  g_ptr_array_remove (row->rows, row);

  update_state (self);
}

static ContactRow *
add_contact_row (RapportCustomerPage *self,
                 gboolean             phone,
                 const char          *value,
                 const char          *label,
                 gboolean             preferred)
{
  ContactRow *row = g_new0 (ContactRow, 1);
  GtkWidget *remove;
  GtkWidget *error_label;

  row->page = self;
  row->rows = phone ? self->phone_rows : self->email_rows;
  row->group = phone ? self->phones_group : self->emails_group;
  row->label = g_strdup (label);
  row->preferred = preferred;

  row->entry = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->entry),
                                 phone ? _("Phone Number") : _("Email Address"));
  gtk_editable_set_text (GTK_EDITABLE (row->entry), value != NULL ? value : "");
  g_signal_connect_swapped (row->entry, "changed", G_CALLBACK (update_state), self);
  /* Numbers and addresses read left to right in every language: "+234…"
   * has no letter to say so, and would show as "…234+" in Arabic. */
  gtk_widget_set_direction (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row->entry))),
                            GTK_TEXT_DIR_LTR);

  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, phone ? _("Remove Phone Number") : _("Remove Email Address"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  phone ? _("Remove Phone Number") : _("Remove Email Address"),
                                  -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (contact_row_remove_clicked_cb), row);
  adw_entry_row_add_suffix (row->entry, remove);

  error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_set_margin_start (error_label, 12);
  gtk_widget_set_margin_end (error_label, 12);
  gtk_widget_set_margin_top (error_label, 6);
  gtk_widget_set_margin_bottom (error_label, 6);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_add_css_class (error_label, "caption");
  row->error_label = GTK_LABEL (error_label);

  row->error_row = g_object_new (ADW_TYPE_PREFERENCES_ROW,
                                 "activatable", FALSE,
                                 "focusable", FALSE,
                                 "visible", FALSE,
                                 "child", error_label,
                                 NULL);

  adw_preferences_group_add (row->group, GTK_WIDGET (row->entry));
  adw_preferences_group_add (row->group, GTK_WIDGET (row->error_row));
  g_ptr_array_add (row->rows, row);

  return row;
}

static void
clear_contact_rows (GPtrArray *rows)
{
  while (rows->len > 0)
    {
      ContactRow *row = g_ptr_array_index (rows, rows->len - 1);

      adw_preferences_group_remove (row->group, GTK_WIDGET (row->entry));
      adw_preferences_group_remove (row->group, GTK_WIDGET (row->error_row));
      g_ptr_array_remove_index (rows, rows->len - 1);
    }
}

static void
read_contact_rows (GPtrArray *rows,
                   GPtrArray *into,
                   gboolean   keep_blank)
{
  g_ptr_array_set_size (into, 0);

  for (guint i = 0; i < rows->len; i++)
    {
      ContactRow *row = g_ptr_array_index (rows, i);
      g_autofree char *text = g_strstrip (dup_entry_text (row->entry));

      if (*text == '\0' && !keep_blank)
        continue;

      g_ptr_array_add (into, rapport_contact_point_new (text, row->label, row->preferred));
    }
}

/* The draft: @saved with what the widgets hold. With @keep_blank, empty
 * email and phone rows stay in (one entry per row, for the checks). */
static RapportCustomer *
build_draft (RapportCustomerPage *self,
             gboolean             keep_blank)
{
  RapportCustomer *draft = rapport_customer_copy (self->saved);
  guint channel;

#define TAKE_ENTRY(field, row) \
  G_STMT_START { g_free (draft->field); draft->field = dup_entry_text (row); } G_STMT_END

  TAKE_ENTRY (display_name, self->display_name_row);
  TAKE_ENTRY (form_of_address, self->form_of_address_row);
  TAKE_ENTRY (language, self->language_row);
  TAKE_ENTRY (time_zone, self->time_zone_row);
  TAKE_ENTRY (best_time, self->best_time_row);
  TAKE_ENTRY (country, self->country_row);
  TAKE_ENTRY (cultural_notes, self->cultural_notes_row);

  if (draft->kind == RAPPORT_CUSTOMER_KIND_PERSON)
    {
      TAKE_ENTRY (given_name, self->given_name_row);
      TAKE_ENTRY (family_name, self->family_name_row);
      TAKE_ENTRY (job_title, self->job_title_row);
      draft->first_name_basis = gtk_switch_get_active (self->first_name_basis_switch);
      draft->organization_id = self->organization_id;
      g_free (draft->organization_name);
      draft->organization_name = g_strdup (self->organization_name);
    }

#undef TAKE_ENTRY

  g_free (draft->notes);
  draft->notes = rapport_form_dup_text (self->notes_view);

  channel = adw_combo_row_get_selected (self->channel_row);
  if (channel != GTK_INVALID_LIST_POSITION && rapport_channel_info[channel].key != NULL)
    draft->preferred_channel = rapport_channel_info[channel].value;

  read_contact_rows (self->email_rows, draft->emails, keep_blank);
  read_contact_rows (self->phone_rows, draft->phones, keep_blank);

  g_ptr_array_set_size (draft->types, 0);
  for (guint i = 0; i < self->type_buttons->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->type_buttons, i);
      RapportCustomerType *type = g_ptr_array_index (self->types, i);

      if (gtk_check_button_get_active (check))
        rapport_customer_add_type (draft, type->key);
    }

  return draft;
}

static void
update_actions (RapportCustomerPage *self)
{
  gboolean stored = shown_id (self) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.delete", stored);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.log-interaction", stored);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.new-follow-up", stored);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.add-contract", stored);
}

static void
update_local_time (RapportCustomerPage *self)
{
  g_autofree char *zone = NULL;
  g_autoptr(GDateTime) now = NULL;
  RapportLocalTime local;
  int start, end;

  if (self->saved == NULL)
    return;

  zone = g_strstrip (dup_entry_text (self->time_zone_row));
  now = rapport_context_dup_now (self->context);
  read_working_hours (self, &start, &end);

  if (rapport_local_time_compute (zone, now, start, end, &local))
    {
      g_autofree char *title = g_strdup_printf (_("Their time now: %s"), local.time);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->local_time_row), title);
      adw_action_row_set_subtitle (self->local_time_row, local.hint != NULL ? local.hint : "");
      if (local.outside_hours)
        gtk_widget_add_css_class (GTK_WIDGET (self->local_time_row), "warning");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->local_time_row), "warning");
      gtk_widget_set_visible (GTK_WIDGET (self->local_time_row), TRUE);
      rapport_local_time_clear (&local);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->local_time_row), FALSE);
}

/* The Stay in Touch row says what applies: the days typed, else the
 * shortest cadence of the types ticked in the draft. */
static void
update_stay_in_touch (RapportCustomerPage   *self,
                      const RapportCustomer *draft)
{
  g_autofree char *hint = NULL;
  int type_days = 0;

  for (guint i = 0; i < self->types->len; i++)
    {
      RapportCustomerType *type = g_ptr_array_index (self->types, i);
      int days = g_array_index (self->type_cadences, int, i);

      if (days > 0 && (type_days == 0 || days < type_days) &&
          (rapport_customer_has_type (draft, type->key) ||
           g_ptr_array_find_with_equal_func (draft->derived_types, type->key, g_str_equal, NULL)))
        type_days = days;
    }

  hint = rapport_stay_in_touch_hint (gtk_spin_button_get_value_as_int (self->stay_in_touch_spin), type_days);
  adw_action_row_set_subtitle (self->stay_in_touch_row, hint);
}

static void
update_state (RapportCustomerPage *self)
{
  g_autoptr(RapportCustomer) draft = NULL;
  g_autofree char *name = NULL;
  RapportCustomerCheck check;
  gboolean has_changes;

  if (self->loading || self->saved == NULL)
    return;

  draft = build_draft (self, TRUE);
  rapport_customer_check (draft, self->saved, &check);

  has_changes = rapport_customer_edit_differs (self->saved, draft) ||
                gtk_spin_button_get_value_as_int (self->stay_in_touch_spin) != self->saved_cadence;
  self->has_changes = has_changes;

  /* A new, untouched customer is not wrong yet. */
  rapport_form_set_field_error (GTK_WIDGET (self->display_name_row), self->display_name_error_row,
                   self->display_name_error,
                   shown_id (self) > 0 || has_changes ? check.fields.errors[RAPPORT_FORM_FIELD_NAME] : NULL);
  rapport_form_set_field_message (GTK_WIDGET (self->language_row), self->language_error_row,
                                  self->language_error, check.fields.errors[RAPPORT_FORM_FIELD_LANGUAGE],
                                  check.fields.kept[RAPPORT_FORM_FIELD_LANGUAGE]);
  rapport_form_set_field_message (GTK_WIDGET (self->time_zone_row), self->time_zone_error_row,
                                  self->time_zone_error, check.fields.errors[RAPPORT_FORM_FIELD_TIME_ZONE],
                                  check.fields.kept[RAPPORT_FORM_FIELD_TIME_ZONE]);
  rapport_form_set_field_message (GTK_WIDGET (self->country_row), self->country_error_row,
                                  self->country_error, check.fields.errors[RAPPORT_FORM_FIELD_COUNTRY],
                                  check.fields.kept[RAPPORT_FORM_FIELD_COUNTRY]);

  for (guint i = 0; i < self->email_rows->len; i++)
    {
      ContactRow *row = g_ptr_array_index (self->email_rows, i);

      rapport_form_set_field_message (GTK_WIDGET (row->entry), row->error_row, row->error_label,
                                      g_ptr_array_index (check.email_errors, i),
                                      g_ptr_array_index (check.email_kept, i));
    }

  for (guint i = 0; i < self->phone_rows->len; i++)
    {
      ContactRow *row = g_ptr_array_index (self->phone_rows, i);

      rapport_form_set_field_message (GTK_WIDGET (row->entry), row->error_row, row->error_label,
                                      g_ptr_array_index (check.phone_errors, i),
                                      g_ptr_array_index (check.phone_kept, i));
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save",
                                 has_changes && check.can_save);

  name = g_strstrip (g_strdup (draft->display_name != NULL ? draft->display_name : ""));
  if (*name == '\0')
    {
      g_free (name);
      name = g_strstrip (g_strdup_printf ("%s %s",
                                          draft->given_name != NULL ? draft->given_name : "",
                                          draft->family_name != NULL ? draft->family_name : ""));
    }

  if (*name != '\0')
    adw_window_title_set_title (self->window_title, name);
  else if (draft->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    adw_window_title_set_title (self->window_title, _("New Organization"));
  else
    adw_window_title_set_title (self->window_title, _("New Person"));

  adw_window_title_set_subtitle (self->window_title,
                                 has_changes ? _("Unsaved changes")
                                             : _(rapport_enum_to_label (rapport_customer_kind_info, draft->kind)));

  adw_preferences_group_set_description (self->emails_group,
                                         self->email_rows->len == 0 ? _("None yet") : NULL);
  adw_preferences_group_set_description (self->phones_group,
                                         self->phone_rows->len == 0 ? _("None yet") : NULL);

  update_local_time (self);
  update_stay_in_touch (self, draft);
  rapport_customer_check_clear (&check);
}

static void
field_changed_cb (RapportCustomerPage *self)
{
  update_state (self);
}

/* Organization */

static void
show_organization (RapportCustomerPage *self)
{
  gboolean set = self->organization_id > 0;

  adw_action_row_set_subtitle (self->organization_row,
                               set ? self->organization_name : _("None"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->organization_row), set);
  gtk_widget_set_visible (GTK_WIDGET (self->organization_clear_button), set);

  if (set)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->organization_row), _("Open the organization"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->organization_row), NULL);
}

static void
organization_row_activated_cb (RapportCustomerPage *self)
{
  if (self->organization_id > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "customer.open-customer", "x", self->organization_id);
}

static void
organization_clear_clicked_cb (RapportCustomerPage *self)
{
  self->organization_id = 0;
  g_clear_pointer (&self->organization_name, g_free);
  show_organization (self);
  update_state (self);
}

static void
fill_organization_results (RapportCustomerPage *self)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  RapportCustomerQuery query = { 0 };
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->organization_search));

  remove_all_children (GTK_WIDGET (self->organization_results));

  query.search = text;
  query.sort = RAPPORT_SORT_NAME;
  query.kind = RAPPORT_CUSTOMER_KIND_ORGANIZATION;
  query.kind_set = TRUE;
  query.limit = 30;

  found = rapport_store_list_customers (get_store (self), &query, &error);
  if (found == NULL)
    {
      g_warning ("Could not list organizations: %s", error->message);
      return;
    }

  for (guint i = 0; i < found->len; i++)
    {
      RapportCustomer *organization = g_ptr_array_index (found, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (organization->display_name);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "organization-name",
                              g_strdup (organization->display_name), g_free);
      g_object_set_data_full (G_OBJECT (row), "organization-key",
                              g_memdup2 (&organization->id, sizeof organization->id), g_free);
      gtk_list_box_append (self->organization_results, row);
    }
}

static void
organization_popover_show_cb (RapportCustomerPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->organization_search), "");
  fill_organization_results (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->organization_search));
}

static void
organization_search_changed_cb (RapportCustomerPage *self)
{
  fill_organization_results (self);
}

static void
choose_organization (RapportCustomerPage *self,
                     GtkListBoxRow       *row)
{
  const gint64 *id = g_object_get_data (G_OBJECT (row), "organization-key");

  if (id == NULL)
    return;

  self->organization_id = *id;
  g_free (self->organization_name);
  self->organization_name = g_strdup (g_object_get_data (G_OBJECT (row), "organization-name"));
  gtk_popover_popdown (self->organization_popover);
  show_organization (self);
  update_state (self);
}

static void
organization_search_activate_cb (RapportCustomerPage *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->organization_results, 0);

  if (first != NULL)
    choose_organization (self, first);
}

static void
organization_result_activated_cb (RapportCustomerPage *self,
                                  GtkListBoxRow       *row)
{
  choose_organization (self, row);
}

static void
add_email_clicked_cb (RapportCustomerPage *self)
{
  ContactRow *row = add_contact_row (self, FALSE, NULL, "work", self->email_rows->len == 0);

  gtk_widget_grab_focus (GTK_WIDGET (row->entry));
  update_state (self);
}

static void
add_phone_clicked_cb (RapportCustomerPage *self)
{
  ContactRow *row = add_contact_row (self, TRUE, NULL, "work", self->phone_rows->len == 0);

  gtk_widget_grab_focus (GTK_WIDGET (row->entry));
  update_state (self);
}

/* Types */

static void
update_types_summary (RapportCustomerPage *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *summary = NULL;
  g_autofree char *escaped = NULL;

  for (guint i = 0; i < self->type_buttons->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->type_buttons, i);
      RapportCustomerType *type = g_ptr_array_index (self->types, i);

      if (gtk_check_button_get_active (check))
        g_ptr_array_add (names, g_strdup (rapport_customer_type_get_label (type)));
    }

  for (guint i = 0; i < self->saved->derived_types->len; i++)
    {
      const char *key = g_ptr_array_index (self->saved->derived_types, i);

      for (guint j = 0; j < self->types->len; j++)
        {
          RapportCustomerType *type = g_ptr_array_index (self->types, j);

          if (g_strcmp0 (type->key, key) == 0 &&
              !gtk_check_button_get_active (g_ptr_array_index (self->type_buttons, j)))
            g_ptr_array_add (names, g_strdup_printf (_("%s (derived)"), rapport_customer_type_get_label (type)));
        }
    }

  g_ptr_array_add (names, NULL);
  summary = names->len > 1 ? g_strjoinv (", ", (char **) names->pdata) : g_strdup (_("None"));
  escaped = g_markup_escape_text (summary, -1);
  adw_expander_row_set_subtitle (self->types_row, escaped);
}

static void
type_toggled_cb (RapportCustomerPage *self)
{
  if (self->loading)
    return;

  update_types_summary (self);
  update_state (self);
}

static void
fill_types (RapportCustomerPage *self)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->type_rows->len; i++)
    adw_expander_row_remove (self->types_row, g_ptr_array_index (self->type_rows, i));
  g_ptr_array_set_size (self->type_rows, 0);
  g_ptr_array_set_size (self->type_buttons, 0);
  g_array_set_size (self->type_cadences, 0);
  g_clear_pointer (&self->types, g_ptr_array_unref);

  self->types = rapport_store_list_customer_types (get_store (self), &error);
  if (self->types == NULL)
    {
      g_warning ("Could not list customer types: %s", error->message);
      self->types = g_ptr_array_new ();
      return;
    }

  for (guint i = 0; i < self->types->len; i++)
    {
      RapportCustomerType *type = g_ptr_array_index (self->types, i);
      const char *label = rapport_customer_type_get_label (type);
      const char *description = rapport_customer_type_get_description (type);
      gboolean stored = rapport_customer_has_type (self->saved, type->key);
      gboolean derived = g_ptr_array_find_with_equal_func (self->saved->derived_types,
                                                          type->key, g_str_equal, NULL);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *check;

      if (derived && !stored)
        {
          /* Translators: a customer type computed from the contact history */
          title = g_strdup_printf (_("%s (derived)"), label);
          subtitle = g_strdup_printf ("%s\n%s", description != NULL ? description : "",
                                      _("Follows from the contact history; turn on to keep it set"));
        }
      else
        {
          title = g_strdup (label);
          subtitle = g_strdup (description);
        }

      row = adw_action_row_new ();
      set_row_text (ADW_PREFERENCES_ROW (row), title, subtitle);

      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), stored);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      -1);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (type_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

      adw_expander_row_add_row (self->types_row, row);
      g_ptr_array_add (self->type_rows, row);
      g_ptr_array_add (self->type_buttons, check);
    }

  /* Derived types carry no cadence of their own: the store says 0. */
  for (guint i = 0; i < self->types->len; i++)
    {
      RapportCustomerType *type = g_ptr_array_index (self->types, i);
      int days = rapport_store_get_type_cadence (get_store (self), type->key);

      g_array_append_val (self->type_cadences, days);
    }

  update_types_summary (self);
}

/* Filling the form */

static void
fill_form (RapportCustomerPage *self)
{
  RapportCustomer *customer = self->saved;
  gboolean person = customer->kind == RAPPORT_CUSTOMER_KIND_PERSON;
  GtkTextBuffer *buffer;

  self->loading = TRUE;

  show_error (self, NULL);

  set_entry_text (self->display_name_row, customer->display_name);
  set_entry_text (self->given_name_row, customer->given_name);
  set_entry_text (self->family_name_row, customer->family_name);
  set_entry_text (self->job_title_row, customer->job_title);
  set_entry_text (self->form_of_address_row, customer->form_of_address);
  set_entry_text (self->language_row, customer->language);
  set_entry_text (self->time_zone_row, customer->time_zone);
  set_entry_text (self->best_time_row, customer->best_time);
  set_entry_text (self->country_row, customer->country);
  set_entry_text (self->cultural_notes_row, customer->cultural_notes);
  gtk_switch_set_active (self->first_name_basis_switch, customer->first_name_basis);
  self->saved_cadence = customer->id > 0 ? rapport_store_get_customer_cadence (get_store (self), customer->id) : 0;
  gtk_spin_button_set_value (self->stay_in_touch_spin, self->saved_cadence);

  buffer = gtk_text_view_get_buffer (self->notes_view);
  gtk_text_buffer_set_text (buffer, customer->notes != NULL ? customer->notes : "", -1);

  adw_combo_row_set_selected (self->channel_row, 0);
  for (guint i = 0; rapport_channel_info[i].key != NULL; i++)
    if (rapport_channel_info[i].value == (int) customer->preferred_channel)
      adw_combo_row_set_selected (self->channel_row, i);

  self->organization_id = customer->organization_id;
  g_free (self->organization_name);
  self->organization_name = g_strdup (customer->organization_name);
  show_organization (self);

  clear_contact_rows (self->email_rows);
  for (guint i = 0; i < customer->emails->len; i++)
    {
      RapportContactPoint *point = g_ptr_array_index (customer->emails, i);

      add_contact_row (self, FALSE, point->value, point->label, point->preferred);
    }

  clear_contact_rows (self->phone_rows);
  for (guint i = 0; i < customer->phones->len; i++)
    {
      RapportContactPoint *point = g_ptr_array_index (customer->phones, i);

      add_contact_row (self, TRUE, point->value, point->label, point->preferred);
    }

  fill_types (self);

  adw_preferences_group_set_description (self->profile_group,
                                         _(rapport_enum_to_label (rapport_customer_kind_info, customer->kind)));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->display_name_row),
                                 person ? _("Display Name") : _("Name"));
  gtk_widget_set_visible (GTK_WIDGET (self->given_name_row), person);
  gtk_widget_set_visible (GTK_WIDGET (self->family_name_row), person);
  gtk_widget_set_visible (GTK_WIDGET (self->organization_row), person);
  gtk_widget_set_visible (GTK_WIDGET (self->job_title_row), person);
  gtk_widget_set_visible (GTK_WIDGET (self->first_name_basis_row), person);

  self->loading = FALSE;
  self->has_changes = FALSE;

  gtk_stack_set_visible_child_name (self->stack, "customer");
  update_actions (self);
  update_state (self);
}

/* The records around the customer */

static void
fill_members (RapportCustomerPage *self)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  gboolean organization = self->saved->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION;

  remove_all_children (GTK_WIDGET (self->members_list));
  gtk_widget_set_visible (GTK_WIDGET (self->members_group), organization && shown_id (self) > 0);

  if (!organization || shown_id (self) == 0)
    return;

  members = rapport_store_list_members (get_store (self), shown_id (self), &error);
  if (members == NULL)
    {
      g_warning ("Could not list the people of %s: %s", self->saved->display_name, error->message);
      return;
    }

  for (guint i = 0; i < members->len; i++)
    {
      RapportCustomer *member = g_ptr_array_index (members, i);
      GtkWidget *row = adw_action_row_new ();
      const char *detail = member->job_title != NULL ? member->job_title : rapport_customer_get_email (member);

      set_row_text (ADW_PREFERENCES_ROW (row), member->display_name, detail);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "customer.open-customer");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", member->id);
      gtk_list_box_append (self->members_list, row);
    }
}

static void
fill_follow_ups (RapportCustomerPage *self)
{
  g_autoptr(GPtrArray) follow_ups = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;

  remove_all_children (GTK_WIDGET (self->follow_ups_list));

  follow_ups = rapport_store_list_follow_ups (get_store (self), shown_id (self), TRUE, &error);
  if (follow_ups == NULL)
    {
      g_warning ("Could not list follow-ups: %s", error->message);
      return;
    }

  now = rapport_context_dup_now (self->context);

  for (guint i = 0; i < follow_ups->len; i++)
    {
      RapportFollowUp *follow_up = g_ptr_array_index (follow_ups, i);
      g_autofree char *due = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *done_label = NULL;
      g_autofree char *delete_label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *done;
      gboolean overdue;

      due = rapport_format_follow_up_due (follow_up, now, &overdue);
      if (overdue)
        /* Translators: %s is a due moment such as "yesterday, 10:00" */
        subtitle = g_strdup_printf (_("Overdue since %s"), due);
      else
        /* Translators: %s is a due moment such as "tomorrow, 10:00" */
        subtitle = g_strdup_printf (_("Due %s"), due);

      set_row_text (ADW_PREFERENCES_ROW (row), follow_up->title, subtitle);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row),
                                    overdue ? "task-past-due-symbolic" : "task-due-symbolic");
      if (overdue)
        gtk_widget_add_css_class (row, "warning");

      done = gtk_button_new_with_mnemonic (_("_Done"));
      gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
      /* Translators: %s is the title of a follow-up */
      done_label = g_strdup_printf (_("Mark “%s” done"), follow_up->title);
      gtk_widget_set_tooltip_text (done, done_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (done),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, done_label,
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (done), "customer.complete-follow-up");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (done), "x", follow_up->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);

      /* Translators: %s is the title of a follow-up */
      delete_label = g_strdup_printf (_("Delete Follow-up “%s”"), follow_up->title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 create_row_button ("user-trash-symbolic", _("Delete Follow-up"),
                                                    delete_label, "customer.delete-follow-up",
                                                    follow_up->id));

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Edit or reschedule"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "customer.edit-follow-up");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", follow_up->id);
      gtk_list_box_append (self->follow_ups_list, row);
    }
}

/* The contract's renewal notices under it, the latest first, each with
 * its state; activating one opens it. */
static void
append_notice_rows (RapportCustomerPage   *self,
                    const RapportContract *contract)
{
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;

  notices = rapport_store_list_notices (get_store (self), contract->id, &error);
  if (notices == NULL)
    {
      g_warning ("Could not list the notices of “%s”: %s", contract->product, error->message);
      return;
    }

  for (guint i = notices->len; i > 0; i--)
    {
      RapportNotice *notice = g_ptr_array_index (notices, i - 1);
      g_autofree char *date = rapport_format_date (notice->due_date);
      g_autofree char *language = rapport_language_display_name (notice->language);
      g_autofree char *due = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *chip;

      /* Translators: when a renewal notice falls due, "Due 1 Dec 2026" */
      due = g_strdup_printf (C_("renewal notice", "Due %s"), date != NULL ? date : notice->due_date);

      if (language != NULL)
        /* Translators: a renewal notice's due date and language, "Due 1 Dec 2026 · German" */
        subtitle = g_strdup_printf (_("%s · %s"), due, language);
      else
        subtitle = g_steal_pointer (&due);

      set_row_text (ADW_PREFERENCES_ROW (row), _("Renewal Notice"), subtitle);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "mail-unread-symbolic");

      chip = gtk_label_new (rapport_notice_state_chip (notice->state));
      gtk_widget_add_css_class (chip, "type-chip");
      if (notice->state == RAPPORT_NOTICE_RENEWED || notice->state == RAPPORT_NOTICE_LAPSED)
        gtk_widget_add_css_class (chip, "derived");
      gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), chip);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

      /* Translators: %s is the contract's product or service */
      label = g_strdup_printf (_("Open the Renewal Notice for “%s”"), contract->product);
      gtk_widget_set_tooltip_text (row, label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "customer.open-notice");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", notice->id);
      gtk_list_box_append (self->contracts_list, row);
    }
}

static void
fill_contracts (RapportCustomerPage *self)
{
  g_autoptr(GPtrArray) contracts = NULL;
  g_autoptr(GError) error = NULL;

  remove_all_children (GTK_WIDGET (self->contracts_list));

  contracts = rapport_store_list_contracts (get_store (self), shown_id (self), &error);
  if (contracts == NULL)
    {
      g_warning ("Could not list contracts: %s", error->message);
      return;
    }

  for (guint i = 0; i < contracts->len; i++)
    {
      RapportContract *contract = g_ptr_array_index (contracts, i);
      g_autofree char *subtitle = rapport_format_contract_subtitle (contract);
      g_autofree char *delete_label = NULL;
      GtkWidget *row = adw_action_row_new ();

      set_row_text (ADW_PREFERENCES_ROW (row), contract->product, subtitle);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "x-office-document-symbolic");

      /* Translators: %s is the contract's product or service */
      delete_label = g_strdup_printf (_("Delete Contract “%s”"), contract->product);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 create_row_button ("user-trash-symbolic", _("Delete Contract"),
                                                    delete_label, "customer.delete-contract",
                                                    contract->id));

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Edit Contract"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "customer.edit-contract");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", contract->id);
      gtk_list_box_append (self->contracts_list, row);

      append_notice_rows (self, contract);
    }
}

static GtkWidget *
create_timeline_row (const RapportInteraction *interaction,
                     GTimeZone                *tz)
{
  RapportTimelineEntry entry;
  g_autofree char *edit_label = NULL;
  g_autofree char *delete_label = NULL;
  GtkWidget *row;
  GtkWidget *delete;
  gboolean has_body = interaction->body != NULL && *interaction->body != '\0' &&
                      g_strcmp0 (interaction->body, interaction->subject) != 0;

  rapport_timeline_entry_compute (interaction, tz, &entry);

  /* Translators: %s is a timeline entry such as "Phone call: Late delivery" */
  edit_label = g_strdup_printf (_("Edit Interaction “%s”"), entry.title);
  /* Translators: %s is a timeline entry such as "Phone call: Late delivery" */
  delete_label = g_strdup_printf (_("Delete Interaction “%s”"), entry.title);
  delete = create_row_button ("user-trash-symbolic", _("Delete Interaction"), delete_label,
                              "customer.delete-interaction", interaction->id);

  if (has_body)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      GtkWidget *label;

      row = adw_expander_row_new ();
      set_row_text (ADW_PREFERENCES_ROW (row), entry.title, entry.subtitle);
      adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (row), entry.icon_name);

      if (entry.details != NULL)
        g_string_append_printf (text, "%s\n\n", entry.details);
      g_string_append (text, interaction->body);

      label = gtk_label_new (text->str);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label);

      /* Activating the row expands it: editing has a button of its own.
       * Actions go in front of the ones added before. */
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), delete);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                   create_row_button ("document-edit-symbolic", _("Edit Interaction"),
                                                      edit_label, "customer.edit-interaction",
                                                      interaction->id));
    }
  else
    {
      g_autofree char *subtitle = NULL;

      if (entry.details != NULL)
        subtitle = g_strdup_printf ("%s\n%s", entry.subtitle, entry.details);
      else
        subtitle = g_strdup (entry.subtitle);

      row = adw_action_row_new ();
      set_row_text (ADW_PREFERENCES_ROW (row), entry.title, subtitle);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), entry.icon_name);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Edit Interaction"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, edit_label,
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "customer.edit-interaction");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", interaction->id);
    }

  rapport_timeline_entry_clear (&entry);

  return row;
}

static void
fill_history (RapportCustomerPage *self)
{
  g_autoptr(GPtrArray) interactions = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  gboolean more;

  remove_all_children (GTK_WIDGET (self->timeline_box));

  interactions = rapport_store_list_interactions (get_store (self), shown_id (self),
                                                  self->history_limit + 1, &error);
  if (interactions == NULL)
    {
      g_warning ("Could not list the contact history: %s", error->message);
      return;
    }

  more = interactions->len > self->history_limit;
  if (more)
    g_ptr_array_set_size (interactions, self->history_limit);
  gtk_widget_set_visible (GTK_WIDGET (self->show_older_button), more);

  if (interactions->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No interactions yet. Log calls, emails and visits to build the history."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->timeline_box, label);
      return;
    }

  now = rapport_context_dup_now (self->context);
  days = rapport_timeline_group (interactions, now);

  for (guint i = 0; i < days->len; i++)
    {
      RapportTimelineDay *day = g_ptr_array_index (days, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *heading = gtk_label_new (day->heading);
      GtkWidget *list = gtk_list_box_new ();

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_add_css_class (heading, "dim-label");
      gtk_box_append (GTK_BOX (box), heading);

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, day->heading,
                                      -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (list),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL,
                                      -1);

      for (guint j = 0; j < day->interactions->len; j++)
        gtk_list_box_append (GTK_LIST_BOX (list),
                             create_timeline_row (g_ptr_array_index (day->interactions, j),
                                                  g_date_time_get_timezone (now)));

      gtk_box_append (GTK_BOX (box), list);
      gtk_box_append (self->timeline_box, box);
    }
}

static void
reload_records (RapportCustomerPage *self)
{
  gboolean stored = shown_id (self) > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->history_group), stored);
  gtk_widget_set_visible (GTK_WIDGET (self->follow_ups_group), stored);
  gtk_widget_set_visible (GTK_WIDGET (self->contracts_group), stored);

  fill_members (self);

  if (!stored)
    return;

  fill_follow_ups (self);
  fill_contracts (self);
  fill_history (self);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  RapportCustomerPage *self = user_data;

  self->reload_id = 0;

  if (self->saved != NULL)
    reload_records (self);

  return G_SOURCE_REMOVE;
}

static void
queue_reload (RapportCustomerPage *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static void
show_nothing (RapportCustomerPage *self)
{
  g_clear_pointer (&self->saved, rapport_customer_free);
  self->has_changes = FALSE;
  clear_contact_rows (self->email_rows);
  clear_contact_rows (self->phone_rows);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  adw_window_title_set_title (self->window_title, _("Customer"));
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save", FALSE);
  update_actions (self);
}

static void
scroll_to_top (RapportCustomerPage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
load_customer (RapportCustomerPage *self,
               gint64               id)
{
  g_autoptr(GError) error = NULL;
  RapportCustomer *customer;

  customer = rapport_store_get_customer (get_store (self), id, &error);
  if (customer == NULL)
    {
      show_nothing (self);
      g_warning ("Could not load customer %" G_GINT64_FORMAT ": %s", id, error->message);
      return;
    }

  g_clear_pointer (&self->saved, rapport_customer_free);
  self->saved = customer;
  self->history_limit = HISTORY_PAGE;

  fill_form (self);
  reload_records (self);
}

static void
start_new (RapportCustomerPage *self,
           RapportCustomerKind  kind)
{
  g_clear_pointer (&self->saved, rapport_customer_free);
  self->saved = rapport_customer_new (kind);
  self->history_limit = HISTORY_PAGE;

  fill_form (self);
  reload_records (self);
  scroll_to_top (self);
  gtk_widget_grab_focus (GTK_WIDGET (kind == RAPPORT_CUSTOMER_KIND_PERSON ? self->given_name_row
                                                                          : self->display_name_row));
}

/* Saving, leaving and deleting */

static gboolean
save_changes (RapportCustomerPage *self)
{
  g_autoptr(RapportCustomer) draft = NULL;
  g_autoptr(GError) error = NULL;
  RapportCustomerCheck check;
  gboolean ok;
  int cadence;

  if (self->saved == NULL)
    return TRUE;

  draft = build_draft (self, TRUE);
  rapport_customer_check (draft, self->saved, &check);
  ok = check.can_save;
  rapport_customer_check_clear (&check);

  if (!ok)
    {
      show_error (self, _("Some fields need attention before the customer can be saved."));
      return FALSE;
    }

  g_clear_pointer (&draft, rapport_customer_free);
  draft = build_draft (self, FALSE);
  /* Days typed but not yet confirmed with Enter count too. */
  gtk_spin_button_update (self->stay_in_touch_spin);
  cadence = gtk_spin_button_get_value_as_int (self->stay_in_touch_spin);

  if (rapport_customer_edit_differs (self->saved, draft) || draft->id == 0)
    {
      if (draft->id == 0)
        ok = rapport_store_add_customer (get_store (self), draft, &error);
      else
        ok = rapport_store_update_customer (get_store (self), draft, &error);

      if (!ok)
        {
          show_error (self, error->message);
          return FALSE;
        }
    }

  if (cadence != self->saved_cadence &&
      !rapport_store_set_customer_cadence (get_store (self), draft->id, cadence, &error))
    {
      /* The customer is stored: what is left unsaved is the cadence. */
      g_clear_pointer (&self->saved, rapport_customer_free);
      self->saved = g_steal_pointer (&draft);
      update_actions (self);
      update_state (self);
      show_error (self, error->message);
      return FALSE;
    }

  load_customer (self, draft->id);
  g_signal_emit (self, signals[SAVED], 0, draft->id);

  return TRUE;
}

static void
run_pending (RapportCustomerPage *self)
{
  PendingKind pending = self->pending;

  self->pending = PENDING_NONE;

  switch (pending)
    {
    case PENDING_SHOW:
      if (self->pending_id > 0)
        {
          load_customer (self, self->pending_id);
          scroll_to_top (self);
        }
      else
        show_nothing (self);
      break;

    case PENDING_NEW:
      start_new (self, self->pending_kind);
      break;

    case PENDING_NONE:
    default:
      break;
    }
}

static void
confirm_response_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     RapportCustomerPage *self)
{
  self->confirm_dialog = NULL;

  if (g_strcmp0 (response, "save") == 0)
    {
      if (save_changes (self))
        run_pending (self);
      else
        self->pending = PENDING_NONE;
    }
  else if (g_strcmp0 (response, "discard") == 0)
    run_pending (self);
  else
    self->pending = PENDING_NONE;
}

/* Runs the pending change of customer, asking first when there are
 * unsaved edits. */
static void
leave_then_run_pending (RapportCustomerPage *self)
{
  g_autoptr(RapportCustomer) draft = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->confirm_dialog != NULL)
    return;

  if (!rapport_customer_page_has_changes (self))
    {
      run_pending (self);
      return;
    }

  draft = build_draft (self, FALSE);
  if (draft->display_name != NULL && *g_strstrip (draft->display_name) != '\0')
    /* Translators: %s is a customer's name */
    body = g_strdup_printf (_("“%s” has changes that are not saved yet. Unsaved changes are lost when you discard them."),
                            draft->display_name);
  else
    body = g_strdup (_("The new customer is not saved yet. Unsaved changes are lost when you discard them."));

  dialog = adw_message_dialog_new (get_parent_window (self), _("Save Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);

  self->confirm_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
store_changed_cb (RapportCustomerPage *self,
                  guint                entity,
                  guint                change,
                  gint64               id,
                  RapportStore        *store)
{
  if (self->saved == NULL || self->deleting)
    return;

  if (entity == RAPPORT_ENTITY_CUSTOMER || entity == RAPPORT_ENTITY_ALL)
    {
      gint64 current = shown_id (self);

      if (current > 0 && (id == current || entity == RAPPORT_ENTITY_ALL))
        {
          if (change == RAPPORT_CHANGE_REMOVED && entity == RAPPORT_ENTITY_CUSTOMER)
            {
              show_nothing (self);
              return;
            }

          /* Someone else (an import, rapportctl, Undo) changed the
           * customer: show it, unless the user is editing it. */
          if (!self->has_changes)
            {
              load_customer (self, current);
              return;
            }
        }
    }

  if (entity == RAPPORT_ENTITY_CUSTOMER_TYPE && !self->has_changes && shown_id (self) > 0)
    {
      load_customer (self, shown_id (self));
      return;
    }

  queue_reload (self);
}

static gboolean
clock_tick_cb (gpointer user_data)
{
  RapportCustomerPage *self = user_data;

  update_local_time (self);

  return G_SOURCE_CONTINUE;
}

/* Deleting records, with Undo */

static void
delete_undo_free (gpointer  data,
                  GClosure *closure)
{
  DeleteUndo *undo = data;

  if (undo->entity == RAPPORT_ENTITY_CONTRACT)
    g_clear_pointer ((RapportContract **) &undo->record, rapport_contract_free);
  else if (undo->entity == RAPPORT_ENTITY_FOLLOW_UP)
    g_clear_pointer ((RapportFollowUp **) &undo->record, rapport_follow_up_free);
  else if (undo->entity == RAPPORT_ENTITY_INTERACTION)
    g_clear_pointer ((RapportInteraction **) &undo->record, rapport_interaction_free);

  g_clear_pointer (&undo->follow_up_ids, g_array_unref);
  g_weak_ref_clear (&undo->window);
  g_clear_object (&undo->store);
  g_free (undo);
}

/* The follow-ups that kept the promise of @interaction_id point at it
 * again once it is back (its deletion unlinked them). */
static void
relink_follow_ups (DeleteUndo *undo,
                   gint64      interaction_id)
{
  for (guint i = 0; undo->follow_up_ids != NULL && i < undo->follow_up_ids->len; i++)
    {
      gint64 id = g_array_index (undo->follow_up_ids, gint64, i);
      g_autoptr(RapportFollowUp) follow_up = NULL;
      g_autoptr(GError) error = NULL;

      follow_up = rapport_store_get_follow_up (undo->store, id, &error);
      if (follow_up != NULL && follow_up->origin_interaction_id == 0)
        {
          follow_up->origin_interaction_id = interaction_id;
          rapport_store_update_follow_up (undo->store, follow_up, &error);
        }

      if (error != NULL && !g_error_matches (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND))
        g_warning ("Could not link follow-up %" G_GINT64_FORMAT " to interaction %" G_GINT64_FORMAT ": %s",
                   id, interaction_id, error->message);
    }
}

static void
undo_delete_cb (AdwToast   *toast,
                DeleteUndo *undo)
{
  g_autoptr(GError) error = NULL;
  const char *what = NULL;
  gboolean ok = FALSE;

  if (undo->entity == RAPPORT_ENTITY_CONTRACT)
    {
      g_autoptr(RapportContract) copy = rapport_contract_copy (undo->record);

      copy->id = 0;
      ok = rapport_store_add_contract (undo->store, copy, &error);
      what = _("Could not restore the contract");
    }
  else if (undo->entity == RAPPORT_ENTITY_FOLLOW_UP)
    {
      g_autoptr(RapportFollowUp) copy = rapport_follow_up_copy (undo->record);

      copy->id = 0;
      ok = rapport_store_add_follow_up (undo->store, copy, &error);
      what = _("Could not restore the follow-up");
    }
  else if (undo->entity == RAPPORT_ENTITY_INTERACTION)
    {
      g_autoptr(RapportInteraction) copy = rapport_interaction_copy (undo->record);

      copy->id = 0;
      ok = rapport_store_add_interaction (undo->store, copy, &error);
      if (ok)
        relink_follow_ups (undo, copy->id);
      what = _("Could not restore the interaction");
    }
  else
    g_assert_not_reached ();

  if (!ok)
    {
      g_autoptr(GtkRoot) root = g_weak_ref_get (&undo->window);

      rapport_window_toast_error (root, what, error);
    }
}

/* Takes @record (a copy of what was deleted) and @follow_up_ids. */
static void
show_deleted_toast (RapportCustomerPage *self,
                    const char          *title,
                    RapportEntity        entity,
                    gpointer             record,
                    GArray              *follow_up_ids)
{
  DeleteUndo *undo = g_new0 (DeleteUndo, 1);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;

  undo->store = g_object_ref (get_store (self));
  g_weak_ref_init (&undo->window, root);
  undo->entity = entity;
  undo->record = record;
  undo->follow_up_ids = follow_up_ids;

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_delete_cb),
                         undo, delete_undo_free, 0);
  rapport_window_toast_for (root, toast);
}

/* The row that had the focus is about to go: keep the focus in the group. */
static void
keep_focus_near (RapportCustomerPage *self,
                 GtkButton           *button)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (button));
}

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);

  if (rapport_customer_page_has_changes (self))
    save_changes (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gint64 id = shown_id (self);

  if (id == 0)
    return;

  name = g_strdup (self->saved->display_name);

  self->deleting = TRUE;
  if (!rapport_store_delete_customer (get_store (self), id, &error))
    {
      self->deleting = FALSE;
      show_error (self, error->message);
      return;
    }
  self->deleting = FALSE;

  show_nothing (self);
  g_signal_emit (self, signals[DELETED], 0, id, name);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSED], 0);
}

static void
log_interaction_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  rapport_customer_page_log_interaction (RAPPORT_CUSTOMER_PAGE (widget));
}

static void
new_follow_up_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  rapport_customer_page_new_follow_up (RAPPORT_CUSTOMER_PAGE (widget));
}

static void
edit_follow_up_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);
  GtkWindow *dialog;

  dialog = rapport_follow_up_dialog_new (get_parent_window (self), self->context,
                                         shown_id (self), g_variant_get_int64 (parameter));
  gtk_window_present (dialog);
}

static void
complete_follow_up_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);
  g_autoptr(RapportFollowUp) next = NULL;
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  g_autoptr(GError) error = NULL;

  if (!rapport_store_complete_follow_up (get_store (self), g_variant_get_int64 (parameter),
                                         now, &next, &error))
    show_error (self, error->message);
}

static void
delete_follow_up_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (!(follow_up = rapport_store_get_follow_up (get_store (self), id, &error)) ||
      !rapport_store_delete_follow_up (get_store (self), id, &error))
    {
      rapport_window_toast_error (gtk_widget_get_root (widget), _("Could not delete the follow-up"), error);
      return;
    }

  keep_focus_near (self, self->new_follow_up_button);

  /* Translators: %s is the title of a follow-up */
  title = g_markup_printf_escaped (_("Follow-up “%s” deleted"), follow_up->title);
  show_deleted_toast (self, title, RAPPORT_ENTITY_FOLLOW_UP, g_steal_pointer (&follow_up), NULL);
}

static void
edit_interaction_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);
  GtkWindow *dialog;

  dialog = rapport_log_dialog_new_for_interaction (get_parent_window (self), self->context,
                                                   g_variant_get_int64 (parameter));
  gtk_window_present (dialog);
}

/* The follow-ups made from the promise of @interaction_id. */
static GArray *
list_linked_follow_ups (RapportCustomerPage *self,
                        gint64               customer_id,
                        gint64               interaction_id)
{
  g_autoptr(GPtrArray) follow_ups = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  follow_ups = rapport_store_list_follow_ups (get_store (self), customer_id, FALSE, &error);
  if (follow_ups == NULL)
    {
      g_warning ("Could not list follow-ups: %s", error->message);
      return ids;
    }

  for (guint i = 0; i < follow_ups->len; i++)
    {
      RapportFollowUp *follow_up = g_ptr_array_index (follow_ups, i);

      if (follow_up->origin_interaction_id == interaction_id)
        g_array_append_val (ids, follow_up->id);
    }

  return ids;
}

static void
delete_interaction_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);
  g_autoptr(RapportInteraction) interaction = NULL;
  g_autoptr(GArray) follow_up_ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (!(interaction = rapport_store_get_interaction (get_store (self), id, &error)))
    {
      rapport_window_toast_error (gtk_widget_get_root (widget), _("Could not delete the interaction"), error);
      return;
    }

  follow_up_ids = list_linked_follow_ups (self, interaction->customer_id, id);

  if (!rapport_store_delete_interaction (get_store (self), id, &error))
    {
      rapport_window_toast_error (gtk_widget_get_root (widget), _("Could not delete the interaction"), error);
      return;
    }

  keep_focus_near (self, self->log_interaction_button);

  if (interaction->subject != NULL && *interaction->subject != '\0')
    /* Translators: %s is what an interaction was about, such as "Late delivery" */
    title = g_markup_printf_escaped (_("Interaction “%s” deleted"), interaction->subject);
  else
    title = g_strdup (_("Interaction deleted"));

  show_deleted_toast (self, title, RAPPORT_ENTITY_INTERACTION,
                      g_steal_pointer (&interaction), g_steal_pointer (&follow_up_ids));
}

static void
add_contract_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);
  GtkWindow *dialog;

  if (shown_id (self) == 0)
    return;

  dialog = rapport_contract_dialog_new (get_parent_window (self), self->context, shown_id (self), 0);
  gtk_window_present (dialog);
}

static void
edit_contract_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);
  GtkWindow *dialog;

  dialog = rapport_contract_dialog_new (get_parent_window (self), self->context,
                                        shown_id (self), g_variant_get_int64 (parameter));
  gtk_window_present (dialog);
}

static void
delete_contract_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (!(contract = rapport_store_get_contract (get_store (self), id, &error)) ||
      !rapport_store_delete_contract (get_store (self), id, &error))
    {
      rapport_window_toast_error (gtk_widget_get_root (widget), _("Could not delete the contract"), error);
      return;
    }

  keep_focus_near (self, self->add_contract_button);

  /* Translators: %s is the contract's product or service */
  title = g_markup_printf_escaped (_("Contract “%s” deleted"), contract->product);
  show_deleted_toast (self, title, RAPPORT_ENTITY_CONTRACT, g_steal_pointer (&contract), NULL);
}

static void
open_notice_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);
  GtkWindow *dialog;

  dialog = rapport_notice_dialog_new (get_parent_window (self), self->context, g_variant_get_int64 (parameter));
  gtk_window_present (dialog);
}

static void
show_older_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);

  if (shown_id (self) == 0)
    return;

  self->history_limit += HISTORY_PAGE;
  fill_history (self);
}

static void
open_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (RAPPORT_IS_WINDOW (root))
    rapport_window_show_customer (RAPPORT_WINDOW (root), id);
  else
    rapport_customer_page_set_customer (self, id);
}

/* GObject */

static void
rapport_customer_page_constructed (GObject *object)
{
  RapportCustomerPage *self = (RapportCustomerPage *)object;

  G_OBJECT_CLASS (rapport_customer_page_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_CONTEXT (self->context));

  g_signal_connect_object (get_store (self), "changed",
                           G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
rapport_customer_page_dispose (GObject *object)
{
  RapportCustomerPage *self = (RapportCustomerPage *)object;

  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_handle_id (&self->reload_id, g_source_remove);

  if (self->confirm_dialog != NULL)
    {
      AdwMessageDialog *dialog = g_steal_pointer (&self->confirm_dialog);

      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CUSTOMER_PAGE);
  /* Unbound template children too: the layout manager holds them. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rapport_customer_page_parent_class)->dispose (object);
}

static void
rapport_customer_page_finalize (GObject *object)
{
  RapportCustomerPage *self = (RapportCustomerPage *)object;

  g_clear_pointer (&self->saved, rapport_customer_free);
  g_clear_pointer (&self->email_rows, g_ptr_array_unref);
  g_clear_pointer (&self->phone_rows, g_ptr_array_unref);
  g_clear_pointer (&self->types, g_ptr_array_unref);
  g_clear_pointer (&self->type_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->type_rows, g_ptr_array_unref);
  g_clear_pointer (&self->type_cadences, g_array_unref);
  g_clear_pointer (&self->organization_name, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_customer_page_parent_class)->finalize (object);
}

static void
rapport_customer_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_customer_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RapportCustomerPage *self = RAPPORT_CUSTOMER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_NARROW:
      rapport_customer_page_set_narrow (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_customer_page_class_init (RapportCustomerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_customer_page_constructed;
  object_class->dispose = rapport_customer_page_dispose;
  object_class->finalize = rapport_customer_page_finalize;
  object_class->get_property = rapport_customer_page_get_property;
  object_class->set_property = rapport_customer_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportCustomerPage::deleted:
   * @id: the customer's id
   * @name: the customer's display name
   *
   * The user moved the customer to the trash.
   */
  signals[DELETED] =
    g_signal_new ("deleted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  signals[CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-customer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, profile_group);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, display_name_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, display_name_error);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, given_name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, family_name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, organization_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, organization_clear_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, organization_choose_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, organization_popover);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, organization_search);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, organization_results);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, job_title_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, emails_group);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, phones_group);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, form_of_address_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, first_name_basis_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, first_name_basis_switch);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, language_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, language_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, language_error);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, time_zone_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, time_zone_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, time_zone_error);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, local_time_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, channel_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, best_time_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, stay_in_touch_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, stay_in_touch_spin);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, country_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, country_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, country_error);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, cultural_notes_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, notes_view);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, types_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, members_group);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, members_list);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, follow_ups_group);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, new_follow_up_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, follow_ups_list);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, log_interaction_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, timeline_box);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, show_older_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, contracts_group);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, add_contract_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPage, contracts_list);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, organization_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, organization_clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, organization_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, organization_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, organization_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, organization_result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_email_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_phone_clicked_cb);

  gtk_widget_class_install_action (widget_class, "customer.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "customer.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "customer.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "customer.log-interaction", NULL, log_interaction_action);
  gtk_widget_class_install_action (widget_class, "customer.new-follow-up", NULL, new_follow_up_action);
  gtk_widget_class_install_action (widget_class, "customer.edit-follow-up", "x", edit_follow_up_action);
  gtk_widget_class_install_action (widget_class, "customer.complete-follow-up", "x", complete_follow_up_action);
  gtk_widget_class_install_action (widget_class, "customer.delete-follow-up", "x", delete_follow_up_action);
  gtk_widget_class_install_action (widget_class, "customer.edit-interaction", "x", edit_interaction_action);
  gtk_widget_class_install_action (widget_class, "customer.delete-interaction", "x", delete_interaction_action);
  gtk_widget_class_install_action (widget_class, "customer.add-contract", NULL, add_contract_action);
  gtk_widget_class_install_action (widget_class, "customer.edit-contract", "x", edit_contract_action);
  gtk_widget_class_install_action (widget_class, "customer.delete-contract", "x", delete_contract_action);
  gtk_widget_class_install_action (widget_class, "customer.open-notice", "x", open_notice_action);
  gtk_widget_class_install_action (widget_class, "customer.show-older", NULL, show_older_action);
  gtk_widget_class_install_action (widget_class, "customer.open-customer", "x", open_customer_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "customer.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "customer.log-interaction", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "customer.new-follow-up", NULL);
}

static void
rapport_customer_page_init (RapportCustomerPage *self)
{
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->email_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) contact_row_free);
  self->phone_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) contact_row_free);
  self->type_buttons = g_ptr_array_new ();
  self->type_rows = g_ptr_array_new ();
  self->type_cadences = g_array_new (FALSE, FALSE, sizeof (int));
  self->types = g_ptr_array_new ();
  self->history_limit = HISTORY_PAGE;

  for (guint i = 0; rapport_channel_info[i].key != NULL; i++)
    gtk_string_list_append (channels, _(rapport_channel_info[i].label));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channels));

  set_list_placeholder (self->follow_ups_list, _("No open follow-ups"));
  set_list_placeholder (self->contracts_list, _("No contracts"));
  set_list_placeholder (self->members_list, _("No people in this organization yet"));

  self->clock_id = g_timeout_add_seconds (30, clock_tick_cb, self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save", FALSE);
  update_actions (self);
}

GtkWidget *
rapport_customer_page_new (RapportContext *context)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);

  return g_object_new (RAPPORT_TYPE_CUSTOMER_PAGE,
                       "context", context,
                       NULL);
}

void
rapport_customer_page_set_customer (RapportCustomerPage *self,
                                    gint64               customer_id)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER_PAGE (self));
  g_return_if_fail (customer_id >= 0);

  if (self->saved != NULL && customer_id == shown_id (self) && customer_id > 0)
    return;

  self->pending = PENDING_SHOW;
  self->pending_id = customer_id;
  leave_then_run_pending (self);
}

gint64
rapport_customer_page_get_customer_id (RapportCustomerPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PAGE (self), 0);

  return shown_id (self);
}

void
rapport_customer_page_edit_new (RapportCustomerPage *self,
                                RapportCustomerKind  kind)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER_PAGE (self));

  self->pending = PENDING_NEW;
  self->pending_kind = kind;
  leave_then_run_pending (self);
}

void
rapport_customer_page_log_interaction (RapportCustomerPage *self)
{
  GtkWindow *dialog;

  g_return_if_fail (RAPPORT_IS_CUSTOMER_PAGE (self));

  if (shown_id (self) == 0)
    return;

  dialog = rapport_log_dialog_new (get_parent_window (self), self->context, shown_id (self));
  gtk_window_present (dialog);
}

void
rapport_customer_page_new_follow_up (RapportCustomerPage *self)
{
  GtkWindow *dialog;

  g_return_if_fail (RAPPORT_IS_CUSTOMER_PAGE (self));

  if (shown_id (self) == 0)
    return;

  dialog = rapport_follow_up_dialog_new (get_parent_window (self), self->context, shown_id (self), 0);
  gtk_window_present (dialog);
}

gboolean
rapport_customer_page_has_changes (RapportCustomerPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PAGE (self), FALSE);

  return self->saved != NULL && self->has_changes;
}

void
rapport_customer_page_set_narrow (RapportCustomerPage *self,
                                  gboolean             narrow)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER_PAGE (self));

  narrow = !!narrow;
  if (self->narrow == narrow)
    return;

  self->narrow = narrow;
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), narrow);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
}
