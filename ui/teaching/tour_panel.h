#pragma once
/// The guided tour (Help → Guided tour): a side panel with the current scene's title and
/// paragraph, and Previous / Run again / Next. Opening a scene stops any running training, puts
/// the scene's configuration into the controls, starts the run, and when it has finished runs the
/// scene's baselines, then sets the overlay check boxes and the focus target y*, all through a
/// TourHost. GUI thread only; the host must outlive the panel.
#include <QElapsedTimer>
#include <QStringList>
#include <QWidget>
#include <vector>

#include "ui/teaching/tour_host.h"
#include "ui/teaching/tour_scene.h"

class QLabel;
class QPushButton;

namespace ml::ui {

class TourPanel : public QWidget {
  Q_OBJECT
 public:
  /// Loads the scenes from tour_dirs(); files that fail are listed by load_errors().
  TourPanel(TourHost* host, QWidget* parent);

  /// Replaces the scenes (tests, or a reload); no scene is open afterwards.
  void set_scenes(std::vector<TourScene> scenes);
  const std::vector<TourScene>& scenes() const { return scenes_; }
  QStringList load_errors() const { return errors_; }
  /// The open scene's index, -1 before the first.
  int current() const { return index_; }
  /// True once the open scene's run, baselines and toggles are done (false while it runs).
  bool ready() const { return phase_ == Phase::Done; }

  /// Opens scene i (clamped): stops a busy run first, then applies and starts it.
  void open_scene(int i);
  void next();
  void previous();
  void run_again();

 signals:
  /// Scene `index` has its finished picture, `seconds` after it was opened.
  void sceneReady(int index, double seconds);

 private:
  enum class Phase { None, Stopping, Training, Direct, Adjoint, Done };
  void launch();
  void after_training();
  void next_baseline();
  void finish();
  void apply_view();
  void update_view();

  TourHost* host_;
  std::vector<TourScene> scenes_;
  QStringList errors_;
  int index_ = -1;
  Phase phase_ = Phase::None;
  QElapsedTimer clock_;
  QLabel *counter_ = nullptr, *title_ = nullptr, *text_ = nullptr, *status_ = nullptr;
  QPushButton *previous_ = nullptr, *again_ = nullptr, *next_ = nullptr;
};

}  // namespace ml::ui
