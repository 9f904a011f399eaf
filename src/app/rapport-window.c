/* rapport-window.c */

#define G_LOG_DOMAIN "rapport-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-about.h"
#include "rapport-accounts-window.h"
#include "rapport-cases-view.h"
#include "rapport-customers-view.h"
#include "rapport-follow-ups-view.h"
#include "rapport-preferences-window.h"
#include "rapport-renewals-view.h"
#include "rapport-window.h"

typedef struct
{
  const char *name;
  const char *icon;
  const char *title;
  GtkWidget  *(*create) (RapportContext *context);
} Section;

static const Section sections[] = {
  { "customers", "system-users-symbolic", N_("Customers"), rapport_customers_view_new },
  { "follow-ups", "alarm-symbolic", N_("Follow-ups"), rapport_follow_ups_view_new },
  { "renewals", "view-refresh-symbolic", N_("Renewals"), rapport_renewals_view_new },
  { "cases", "dialog-warning-symbolic", N_("Cases"), rapport_cases_view_new },
};

struct _RapportWindow
{
  AdwApplicationWindow  parent_instance;

  RapportContext       *context;
  GtkWidget            *customers_view;
  GtkLabel             *overdue_count;
  GtkLabel             *today_count;
  GtkLabel             *renewals_count;
  GtkLabel             *cases_count;
  guint                 counts_source;
  gboolean              closing_confirmed;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sections;
  GtkStack             *stack;
};

G_DEFINE_FINAL_TYPE (RapportWindow, rapport_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
section_activated_cb (RapportWindow *self,
                      GtkListBoxRow *row,
                      GtkListBox    *list_box)
{
  const char *name = g_object_get_data (G_OBJECT (row), "section");

  gtk_stack_set_visible_child_name (self->stack, name);
  g_settings_set_string (rapport_context_get_settings (self->context), "last-section", name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static GtkWidget *
section_row_new (const Section *section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (g_dgettext (GETTEXT_PACKAGE, section->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (section->icon));
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "section", (gpointer) section->name);
  g_object_set_data (G_OBJECT (row), "box", box);

  return row;
}

static GtkLabel *
add_count (GtkWidget  *row,
           const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "sidebar-count");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (g_object_get_data (G_OBJECT (row), "box")), label);

  return GTK_LABEL (label);
}

/* Takes @description, the count in words for screen readers and tooltips. */
static void
set_count (GtkLabel *label,
           guint     count,
           char     *description)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  gtk_label_set_label (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), count > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  g_free (description);
}

static gboolean
update_counts (gpointer user_data)
{
  RapportWindow *self = user_data;
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  g_autoptr(GPtrArray) renewals = NULL;
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GPtrArray) cases = NULL;
  guint overdue, due_today, n_renewals, n_cases;

  self->counts_source = 0;

  overdue = rapport_store_count_due (store, RAPPORT_DUE_OVERDUE, now, NULL);
  due_today = rapport_store_count_due (store, RAPPORT_DUE_TODAY, now, NULL);
  renewals = rapport_store_list_renewals_due (store, today, NULL);
  n_renewals = renewals != NULL ? renewals->len : 0;
  cases = rapport_store_list_cases (store, 0, TRUE, NULL);
  n_cases = cases != NULL ? cases->len : 0;

  set_count (self->overdue_count, overdue,
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue", overdue), overdue));
  set_count (self->today_count, due_today,
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u due today", "%u due today", due_today), due_today));
  set_count (self->renewals_count, n_renewals,
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u renewal notice due", "%u renewal notices due",
                                           n_renewals), n_renewals));
  set_count (self->cases_count, n_cases,
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open case", "%u open cases", n_cases), n_cases));

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (RapportWindow *self,
                  guint          entity,
                  guint          change,
                  gint64         id,
                  RapportStore  *store)
{
  /* Many writes in a row (an import, a sync) recount once. */
  if (self->counts_source == 0)
    self->counts_source = g_idle_add (update_counts, self);
}

static void
add_sections (RapportWindow *self)
{
  g_autofree char *last = g_settings_get_string (rapport_context_get_settings (self->context), "last-section");
  GtkListBoxRow *selected = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *view = sections[i].create (self->context);
      GtkWidget *row = section_row_new (&sections[i]);

      gtk_stack_add_named (self->stack, view, sections[i].name);
      g_object_bind_property (self->leaflet, "folded", view, "narrow", G_BINDING_SYNC_CREATE);
      gtk_list_box_append (self->sections, row);

      if (g_str_equal (sections[i].name, "customers"))
        self->customers_view = view;
      else if (g_str_equal (sections[i].name, "follow-ups"))
        {
          self->overdue_count = add_count (row, "overdue");
          self->today_count = add_count (row, NULL);
        }
      else if (g_str_equal (sections[i].name, "renewals"))
        self->renewals_count = add_count (row, NULL);
      else if (g_str_equal (sections[i].name, "cases"))
        self->cases_count = add_count (row, NULL);
      if (selected == NULL || g_strcmp0 (last, sections[i].name) == 0)
        selected = GTK_LIST_BOX_ROW (row);
    }

  gtk_list_box_select_row (self->sections, selected);
  gtk_stack_set_visible_child_name (self->stack, g_object_get_data (G_OBJECT (selected), "section"));
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static RapportCustomersView *
show_customers (RapportWindow *self)
{
  rapport_window_show_section (self, "customers");
  return RAPPORT_CUSTOMERS_VIEW (self->customers_view);
}

static void
show_sections_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
new_customer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  rapport_customers_view_new_customer (show_customers (RAPPORT_WINDOW (widget)), RAPPORT_CUSTOMER_KIND_PERSON);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rapport_customers_view_focus_search (show_customers (RAPPORT_WINDOW (widget)));
}

static void
log_interaction_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  if (!rapport_customers_view_log_interaction (show_customers (self)))
    rapport_window_add_toast (self, adw_toast_new (_("Choose a customer first, then log the interaction")));
}

static void
new_follow_up_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  if (!rapport_customers_view_new_follow_up (show_customers (self)))
    rapport_window_add_toast (self, adw_toast_new (_("Choose a customer first, then add the follow-up")));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rapport_customers_view_import_csv (show_customers (RAPPORT_WINDOW (widget)));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  gtk_window_present (rapport_preferences_window_new (GTK_WINDOW (self), self->context));
}

static void
about_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  rapport_show_about (GTK_WINDOW (widget));
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     RapportWindow    *self)
{
  if (g_strcmp0 (response, "save") == 0 &&
      !rapport_customers_view_save_changes (RAPPORT_CUSTOMERS_VIEW (self->customers_view)))
    {
      /* Not saved (the page says why): stay open. */
      rapport_window_show_section (self, "customers");
      return;
    }

  if (g_strcmp0 (response, "discard") == 0 || g_strcmp0 (response, "save") == 0)
    {
      self->closing_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
rapport_window_close_request (GtkWindow *window)
{
  RapportWindow *self = RAPPORT_WINDOW (window);
  GSettings *settings = rapport_context_get_settings (self->context);
  int width, height;

  /* Unsaved edits are never dropped without asking. */
  if (!self->closing_confirmed && self->customers_view != NULL &&
      rapport_customers_view_has_changes (RAPPORT_CUSTOMERS_VIEW (self->customers_view)))
    {
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (window, _("Save Changes?"),
                                       _("The customer you are editing has changes that are not saved."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "discard", _("_Discard"),
                                        "save", _("_Save"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (rapport_window_parent_class)->close_request (window);
}

static void
rapport_window_constructed (GObject *object)
{
  RapportWindow *self = (RapportWindow *)object;
  GSettings *settings = rapport_context_get_settings (self->context);

  G_OBJECT_CLASS (rapport_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  add_sections (self);
  /* win.accounts, and automatic sync while the window exists. */
  rapport_accounts_window_attach (GTK_APPLICATION_WINDOW (self), self->context);
  /* After the first frame: the counts need not hold up the window. */
  self->counts_source = g_idle_add_full (G_PRIORITY_LOW, update_counts, self, NULL);
  g_signal_connect_object (rapport_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
rapport_window_dispose (GObject *object)
{
  RapportWindow *self = (RapportWindow *)object;

  g_clear_handle_id (&self->counts_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_window_parent_class)->dispose (object);
}

static void
rapport_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RapportWindow *self = RAPPORT_WINDOW (object);

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
rapport_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RapportWindow *self = RAPPORT_WINDOW (object);

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
rapport_window_class_init (RapportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rapport_window_constructed;
  object_class->dispose = rapport_window_dispose;
  object_class->get_property = rapport_window_get_property;
  object_class->set_property = rapport_window_set_property;
  window_class->close_request = rapport_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, sections);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, section_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.show-sections", NULL, show_sections_action);
  gtk_widget_class_install_action (widget_class, "win.new-customer", NULL, new_customer_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.log-interaction", NULL, log_interaction_action);
  gtk_widget_class_install_action (widget_class, "win.new-follow-up", NULL, new_follow_up_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action);
}

static void
rapport_window_init (RapportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RapportWindow *
rapport_window_new (AdwApplication *application,
                    RapportContext *context)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);

  return g_object_new (RAPPORT_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

RapportContext *
rapport_window_get_context (RapportWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_WINDOW (self), NULL);

  return self->context;
}

void
rapport_window_add_toast (RapportWindow *self,
                          AdwToast      *toast)
{
  g_return_if_fail (RAPPORT_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
rapport_window_toast_for (GtkRoot  *root,
                          AdwToast *toast)
{
  g_return_if_fail (ADW_IS_TOAST (toast));

  if (RAPPORT_IS_WINDOW (root))
    rapport_window_add_toast (RAPPORT_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

void
rapport_window_toast_error (GtkRoot      *root,
                            const char   *what,
                            const GError *error)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_if_fail (what != NULL);
  g_return_if_fail (error != NULL);

  /* Translators: "Could not mark the follow-up done: <reason>" */
  title = g_markup_printf_escaped (_("%s: %s"), what, error->message);
  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  rapport_window_toast_for (root, toast);
}

void
rapport_window_show_section (RapportWindow *self,
                             const char    *name)
{
  GtkListBoxRow *row;

  g_return_if_fail (RAPPORT_IS_WINDOW (self));

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->sections, i)); i++)
    {
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "section"), name) == 0)
        {
          gtk_list_box_select_row (self->sections, row);
          gtk_stack_set_visible_child_name (self->stack, name);
          adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
          return;
        }
    }
}

void
rapport_window_show_customer (RapportWindow *self,
                              gint64         customer_id)
{
  g_return_if_fail (RAPPORT_IS_WINDOW (self));

  rapport_customers_view_show_customer (show_customers (self), customer_id);
}
