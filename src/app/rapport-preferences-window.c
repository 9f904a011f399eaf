/* rapport-preferences-window.c
 *
 * Switches and the notice period are bound to GSettings and save
 * themselves. The working hours are parsed and checked (the day ends
 * after it starts) before they are written. Business details go to the
 * store a moment after the last keystroke, and at once when the window
 * closes; the business language is checked as a BCP 47 tag first.
 * Stay-in-touch cadences per customer type are written the same way, a
 * moment after the last change: each write makes the views reload.
 */

#define G_LOG_DOMAIN "rapport-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-preferences-window.h"
#include "rapport-scheduler.h"
#include "rapport-store-notices.h"
#include "rapport-validate.h"

/* Milliseconds after the last keystroke before business details are saved. */
#define SAVE_DELAY 500

struct _RapportPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  RapportContext       *context;
  guint                 save_source;
  guint                 cadence_source;
  GHashTable           *cadences;        /* type key -> days, not yet written */
  gboolean              language_valid;
  gboolean              hours_valid;
  gboolean              close_warned;

  AdwEntryRow          *business_name_row;
  AdwEntryRow          *owner_name_row;
  AdwEntryRow          *language_row;
  GtkLabel             *language_hint;
  AdwEntryRow          *recorded_by_row;
  GtkAdjustment        *lead_days_adjustment;
  GtkSwitch            *notifications_switch;
  AdwActionRow         *sound_row;
  GtkSwitch            *sound_switch;
  GtkSwitch            *background_switch;
  AdwEntryRow          *work_start_row;
  AdwEntryRow          *work_end_row;
  AdwPreferencesRow    *work_hours_error_row;
  GtkLabel             *work_hours_error;
  AdwPreferencesGroup  *cadence_group;
};

G_DEFINE_FINAL_TYPE (RapportPreferencesWindow, rapport_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *business_keys[] = { "business-name", "owner-name" };

static char *
dup_trimmed_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
show_error (RapportPreferencesWindow *self,
            const GError             *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* The default language in canonical form ("" when empty) or NULL when it
 * is not a language tag, with the hint below the row saying why. */
static char *
check_language (RapportPreferencesWindow *self)
{
  g_autofree char *text = dup_trimmed_text (self->language_row);
  g_autoptr(GError) error = NULL;
  g_autofree char *tag = NULL;
  GtkWidget *hint = GTK_WIDGET (self->language_hint);

  if (*text != '\0')
    tag = rapport_language_tag_normalize (text, _("Business language"), &error);
  else
    tag = g_strdup ("");

  self->language_valid = tag != NULL;
  set_row_error (self->language_row, !self->language_valid);

  if (self->language_valid)
    {
      gtk_label_set_text (self->language_hint,
                          _("A language tag such as en-GB, fr-FR or pt-BR, for renewal notices to customers without a language of their own"));
      gtk_widget_remove_css_class (hint, "error");
      gtk_widget_add_css_class (hint, "dim-label");
    }
  else
    {
      gtk_label_set_text (self->language_hint, error->message);
      gtk_widget_remove_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "error");
    }

  return g_steal_pointer (&tag);
}

static gboolean
save_setting (RapportPreferencesWindow *self,
              const char               *key,
              const char               *value)
{
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *current = rapport_store_dup_setting (store, key);
  const char *stored = (value != NULL && *value != '\0') ? value : NULL;

  if (g_strcmp0 (current, stored) == 0)
    return TRUE;

  if (!rapport_store_set_setting (store, key, stored, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  return TRUE;
}

/* Writes what changed; a language that is not valid stays unsaved.
 * FALSE when the store refused (a toast says why). */
static gboolean
save_business (RapportPreferencesWindow *self)
{
  AdwEntryRow *rows[] = { self->business_name_row, self->owner_name_row };
  g_autofree char *language = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *text = dup_trimmed_text (rows[i]);

      if (!save_setting (self, business_keys[i], text))
        return FALSE;
    }

  language = check_language (self);
  if (language != NULL)
    return save_setting (self, RAPPORT_SETTING_BUSINESS_LANGUAGE, language);

  return TRUE;
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  RapportPreferencesWindow *self = user_data;

  self->save_source = 0;
  save_business (self);

  return G_SOURCE_REMOVE;
}

static void
business_row_changed_cb (RapportPreferencesWindow *self)
{
  self->close_warned = FALSE;
  g_free (check_language (self));

  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY, save_timeout_cb, self);
}

static void
lead_days_changed_cb (RapportPreferencesWindow *self,
                      GtkAdjustment            *adjustment)
{
  g_autofree char *value = g_strdup_printf ("%d", (int) gtk_adjustment_get_value (adjustment));
  g_autoptr(GError) error = NULL;

  if (!rapport_store_set_setting (rapport_context_get_store (self->context), "default-lead-days", value, &error))
    g_warning ("Cannot save the notice period: %s", error->message);
}

static void
working_hours_changed_cb (RapportPreferencesWindow *self)
{
  GSettings *settings = rapport_context_get_settings (self->context);
  g_autofree char *start_text = dup_trimmed_text (self->work_start_row);
  g_autofree char *end_text = dup_trimmed_text (self->work_end_row);
  gboolean start_ok;
  gboolean end_ok;
  const char *message = NULL;
  int start = 0;
  int end = 0;

  self->close_warned = FALSE;

  start_ok = rapport_preferences_parse_time (start_text, &start) && start < 24 * 60;
  end_ok = rapport_preferences_parse_time (end_text, &end) && end > 0;

  if (!start_ok && !end_ok)
    message = _("Type the times as hours and minutes, such as 09:00 and 17:30");
  else if (!start_ok)
    message = _("Type when the day starts as hours and minutes, such as 09:00");
  else if (!end_ok)
    message = _("Type when the day ends as hours and minutes, such as 17:30");
  else if (end <= start)
    {
      /* Both are times, but together they are not a working day. */
      end_ok = FALSE;
      message = _("The working day must end after it starts");
    }

  set_row_error (self->work_start_row, !start_ok);
  set_row_error (self->work_end_row, !end_ok);
  gtk_label_set_text (self->work_hours_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->work_hours_error_row), message != NULL);

  self->hours_valid = message == NULL;
  if (!self->hours_valid)
    return;

  if (g_settings_get_int (settings, "work-day-start") != start)
    g_settings_set_int (settings, "work-day-start", start);
  if (g_settings_get_int (settings, "work-day-end") != end)
    g_settings_set_int (settings, "work-day-end", end);
}

/* Writes the cadences changed since the last time. */
static void
save_cadences (RapportPreferencesWindow *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  GHashTableIter iter;
  gpointer key, value;

  g_clear_handle_id (&self->cadence_source, g_source_remove);

  g_hash_table_iter_init (&iter, self->cadences);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GError) error = NULL;

      if (!rapport_store_set_type_cadence (store, key, GPOINTER_TO_INT (value), &error))
        show_error (self, error);
      g_hash_table_iter_remove (&iter);
    }
}

static gboolean
save_cadences_cb (gpointer user_data)
{
  RapportPreferencesWindow *self = user_data;

  self->cadence_source = 0;
  save_cadences (self);

  return G_SOURCE_REMOVE;
}

static void
cadence_changed_cb (GtkSpinButton *spin,
                    const char    *type_key)
{
  RapportPreferencesWindow *self = RAPPORT_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (spin)));

  g_hash_table_insert (self->cadences, g_strdup (type_key),
                       GINT_TO_POINTER (gtk_spin_button_get_value_as_int (spin)));

  g_clear_handle_id (&self->cadence_source, g_source_remove);
  self->cadence_source = g_timeout_add (SAVE_DELAY, save_cadences_cb, self);
}

/* One row per customer type a cadence can be set on: the derived ones
 * ("new", "returning") are computed from the history, never stored. */
static void
fill_cadences (RapportPreferencesWindow *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;

  if (!(types = rapport_store_list_customer_types (store, &error)))
    {
      show_error (self, error);
      return;
    }

  for (guint i = 0; i < types->len; i++)
    {
      const RapportCustomerType *type = g_ptr_array_index (types, i);
      const char *description = rapport_customer_type_get_description (type);
      GtkAdjustment *adjustment;
      GtkWidget *row;
      GtkWidget *spin;

      if (type->derivable)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rapport_customer_type_get_label (type));
      if (description != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);

      adjustment = gtk_adjustment_new (rapport_store_get_type_cadence (store, type->key),
                                       0, 3650, 1, 7, 0);
      spin = gtk_spin_button_new (adjustment, 1, 0);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (spin, _("Days without contact; 0 turns it off"));
      gtk_accessible_update_relation (GTK_ACCESSIBLE (spin),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                      -1);
      g_signal_connect_data (spin, "value-changed", G_CALLBACK (cadence_changed_cb),
                             g_strdup (type->key), (GClosureNotify) G_CALLBACK (g_free), 0);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (self->cadence_group, row);
    }
}

static void
business_language_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  RapportPreferencesWindow *self = RAPPORT_PREFERENCES_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->language_row), g_variant_get_string (parameter, NULL));
}

static void
set_time_text (AdwEntryRow *row,
               int          minutes)
{
  g_autofree char *text = g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
load (RapportPreferencesWindow *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  GSettings *settings = rapport_context_get_settings (self->context);
  AdwEntryRow *rows[] = { self->business_name_row, self->owner_name_row };
  g_autofree char *language = rapport_store_dup_setting (store, RAPPORT_SETTING_BUSINESS_LANGUAGE);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value = rapport_store_dup_setting (store, business_keys[i]);

      gtk_editable_set_text (GTK_EDITABLE (rows[i]), value != NULL ? value : "");
    }
  gtk_editable_set_text (GTK_EDITABLE (self->language_row), language != NULL ? language : "");

  /* Loading is not editing: nothing to save yet. */
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_free (check_language (self));

  set_time_text (self->work_start_row, g_settings_get_int (settings, "work-day-start"));
  set_time_text (self->work_end_row, g_settings_get_int (settings, "work-day-end"));

  /* The notice period belongs to the business: it lives in the data. */
  gtk_adjustment_set_value (self->lead_days_adjustment,
                            rapport_store_get_default_lead_days (rapport_context_get_store (self->context)));
  g_signal_connect_object (self->lead_days_adjustment, "value-changed",
                           G_CALLBACK (lead_days_changed_cb), self, G_CONNECT_SWAPPED);
  g_settings_bind (settings, "recorded-by",
                   self->recorded_by_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "reminder-notifications",
                   self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "reminder-sound",
                   self->sound_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "reminder-notifications",
                   self->sound_row, "sensitive",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "run-in-background",
                   self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  fill_cadences (self);
}

static gboolean
rapport_preferences_window_close_request (GtkWindow *window)
{
  RapportPreferencesWindow *self = RAPPORT_PREFERENCES_WINDOW (window);
  gboolean saved = save_business (self);

  save_cadences (self);

  /* What cannot be saved is not dropped without a word: the first close
   * says so, a second one discards it. */
  if (!self->close_warned && (!saved || !self->language_valid || !self->hours_valid))
    {
      AdwToast *toast = adw_toast_new (_("Some changes could not be saved. Correct them, or close again to discard them."));

      adw_toast_set_timeout (toast, 0);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
      if (!self->language_valid)
        gtk_widget_grab_focus (GTK_WIDGET (self->language_row));
      else if (!self->hours_valid)
        gtk_widget_grab_focus (GTK_WIDGET (self->work_start_row));

      self->close_warned = TRUE;
      return TRUE;
    }

  return GTK_WINDOW_CLASS (rapport_preferences_window_parent_class)->close_request (window);
}

static void
rapport_preferences_window_constructed (GObject *object)
{
  RapportPreferencesWindow *self = (RapportPreferencesWindow *)object;

  G_OBJECT_CLASS (rapport_preferences_window_parent_class)->constructed (object);

  load (self);
}

static void
rapport_preferences_window_dispose (GObject *object)
{
  RapportPreferencesWindow *self = (RapportPreferencesWindow *)object;

  /* Edits typed just before the window went away. */
  if (self->save_source != 0)
    save_business (self);
  if (self->cadences != NULL)
    save_cadences (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_PREFERENCES_WINDOW);

  g_clear_pointer (&self->cadences, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_preferences_window_parent_class)->dispose (object);
}

static void
rapport_preferences_window_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  RapportPreferencesWindow *self = RAPPORT_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_preferences_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  RapportPreferencesWindow *self = RAPPORT_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_preferences_window_class_init (RapportPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rapport_preferences_window_constructed;
  object_class->dispose = rapport_preferences_window_dispose;
  object_class->get_property = rapport_preferences_window_get_property;
  object_class->set_property = rapport_preferences_window_set_property;

  window_class->close_request = rapport_preferences_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, business_name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, owner_name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, language_hint);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, recorded_by_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, lead_days_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, sound_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, sound_switch);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, work_start_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, work_end_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, work_hours_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, work_hours_error);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, cadence_group);
  gtk_widget_class_bind_template_callback (widget_class, business_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, working_hours_changed_cb);

  gtk_widget_class_install_action (widget_class, "prefs.business-language", "s", business_language_action);
}

static void
rapport_preferences_window_init (RapportPreferencesWindow *self)
{
  self->language_valid = TRUE;
  self->hours_valid = TRUE;
  self->cadences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
rapport_preferences_window_new (GtkWindow      *parent,
                                RapportContext *context)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);

  return g_object_new (RAPPORT_TYPE_PREFERENCES_WINDOW,
                       "context", context,
                       "transient-for", parent,
                       NULL);
}

gboolean
rapport_preferences_parse_time (const char *text,
                                int        *minutes)
{
  guint64 hours = 0;
  guint64 mins = 0;
  const char *p;
  const char *separator;
  g_autofree char *hour_text = NULL;

  g_return_val_if_fail (minutes != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  while (g_ascii_isspace (*text))
    text++;

  separator = strpbrk (text, ":.");
  hour_text = separator != NULL ? g_strndup (text, separator - text) : g_strdup (text);
  g_strchomp (hour_text);

  if (*hour_text == '\0' || strlen (hour_text) > 2)
    return FALSE;
  for (p = hour_text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  hours = g_ascii_strtoull (hour_text, NULL, 10);

  if (separator != NULL)
    {
      g_autofree char *minute_text = g_strstrip (g_strdup (separator + 1));

      if (strlen (minute_text) != 2 ||
          !g_ascii_isdigit (minute_text[0]) || !g_ascii_isdigit (minute_text[1]))
        return FALSE;
      mins = g_ascii_strtoull (minute_text, NULL, 10);
    }

  if (mins > 59 || hours > 24 || (hours == 24 && mins != 0))
    return FALSE;

  *minutes = (int) (hours * 60 + mins);
  return TRUE;
}
