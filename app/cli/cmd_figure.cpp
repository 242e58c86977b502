// `manifoldlab-cli figure`: publication figures drawn headless (Qt's offscreen platform) with the
// GUI's own panels and plotting code. Built only where Qt and QCustomPlot are present.
#include <QApplication>
#include <QDir>
#include <cstdio>
#include <filesystem>
#include <qcustomplot.h>
#include <set>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/experiments/compare.h"
#include "core/platform/run_io.h"
#include "ui/plotting/compare_figures.h"
#include "ui/plotting/figure_export.h"
#include "ui/plotting/offline_run.h"
#include "ui/plotting/sweep_figures.h"

namespace ml::cli {
namespace {

namespace fs = std::filesystem;

struct FigureJob {
  QString out_dir;
  ui::FigureOptions options;
  QStringList formats;
  double font_pt = 10;
  int written = 0;

  void style(QCustomPlot* plot) const {
    QFont f = plot->font();
    f.setPointSizeF(font_pt);
    for (QCPAxis* axis : plot->axisRect()->axes()) {
      axis->setLabelFont(f);
      axis->setTickLabelFont(f);
    }
    plot->legend->setFont(f);
  }
  void save(QCustomPlot* plot, const QString& stem) {
    for (const auto& format : formats) {
      const QString path = out_dir + "/" + stem + "." + format;
      const QString error = ui::export_figure(plot, path, options);
      if (!error.isEmpty()) throw std::runtime_error(error.toStdString());
      std::fprintf(stderr, "wrote %s\n", path.toStdString().c_str());
      ++written;
    }
  }
};

void sweep_figures(const QString& dir, FigureJob& job) {
  const std::vector<SweepCell> cells = read_summary(dir.toStdString());
  std::set<std::string> problems;
  for (const auto& c : cells) problems.insert(c.problem);
  for (const auto& problem : problems) {
    const QString p = QString::fromStdString(problem_file_name(problem));
    {
      QCustomPlot plot;
      plot.resize(job.options.width, job.options.height);
      if (ui::plot_metrics_vs_k(&plot, cells, problem, {"selected_resim_mse", "oracle_resim_mse"},
                                "re-simulation MSE (mean, 95 % CI)", true)) {
        job.style(&plot);
        job.save(&plot, "mse_vs_k_" + p);
      }
    }
    {
      // Every target answered (issue 27): how many targets get a valid answer, per k.
      QCustomPlot plot;
      plot.resize(job.options.width, job.options.height);
      if (ui::plot_metrics_vs_k(&plot, cells, problem,
                                {"selected_valid_share", "mixture_coverage", "simulator_selected_valid_share"},
                                "share of test targets answered validly (mean, 95 % CI)", false)) {
        job.style(&plot);
        job.save(&plot, "valid_share_vs_k_" + p);
      }
    }
    for (const std::string metric : {"coverage", "valid_distinct"}) {
      QCustomPlot plot;
      plot.resize(job.options.width, job.options.height);
      if (ui::plot_metrics_vs_k(&plot, cells, problem, {metric}, ui::metric_label(metric) + " (mean, 95 % CI)",
                                false)) {
        job.style(&plot);
        job.save(&plot, QString::fromStdString(metric) + "_vs_k_" + p);
      }
    }
    std::set<int> ks;
    for (const auto& c : cells)
      if (c.problem == problem) ks.insert(c.k);
    for (int k : ks)
      for (const std::string metric : {"selected_resim_mse", "oracle_resim_mse", "coverage", "valid_distinct"}) {
        QCustomPlot plot;
        plot.resize(job.options.width, job.options.height);
        const bool log = metric.find("mse") != std::string::npos;
        if (ui::plot_lambda_sigma_heatmap(&plot, cells, problem, k, metric, ui::metric_label(metric), log)) {
          job.style(&plot);
          job.save(&plot, QString("heatmap_%1_k%2_%3").arg(QString::fromStdString(metric)).arg(k).arg(p));
        }
      }
  }
  const fs::path models = fs::path(dir.toStdString()) / "models";
  if (fs::is_directory(models))
    for (const auto& e : fs::directory_iterator(models)) {
      const QString stem = QString::fromStdString(e.path().filename().string());
      ui::render_run_panels(QString::fromStdString(e.path().string()), {"manifolds"}, job.options.width,
                            job.options.height, [&](QCustomPlot* plot, const QString& panel) {
                              job.style(plot);
                              job.save(plot, panel + "_" + stem);
                            });
    }
}

void compare_figures(const std::string& dir, FigureJob& job) {
  const auto result = CompareResult::from_json(read_text((fs::path(dir) / "compare.json").string()));
  const QString p = QString::fromStdString(problem_file_name(result.problem));
  {
    QCustomPlot plot;
    plot.resize(job.options.width, job.options.height);
    if (ui::plot_best_of_t(&plot, result)) {
      job.style(&plot);
      job.save(&plot, "best_of_T_" + p);
    }
  }
  QCustomPlot plot;
  plot.resize(job.options.width, job.options.height);
  if (ui::plot_error_vs_time(&plot, result)) {
    job.style(&plot);
    job.save(&plot, "error_vs_time_" + p);
  }
}

}  // namespace

int cmd_figure(int argc, char** argv) {
  const std::vector<FlagSpec> flags{
      {"from", "DIR", "A run folder (from train), a sweep folder (from sweep or merge) or a compare folder."},
      {"out", "DIR", "Where the figures go (default: DIR/figures)."},
      {"formats", "png,pdf,svg", "File formats (default png,pdf)."},
      {"width", "PX", "Figure width in logical pixels / points (default 900)."},
      {"height", "PX", "Figure height (default 600)."},
      {"dpi", "N", "PNG resolution (default 300)."},
      {"font-size", "PT", "Axis and legend font size in points (default 10)."},
  };
  Args args;
  if (!parse_or_help("figure", argc, argv, flags, "manifoldlab-cli figure --from DIR [--out DIR] [--formats png,pdf]",
                     "Makes every figure that DIR's results support: for a run, loss curves, manifolds, "
                     "the problem's view, results and where each network is valid (coverage); for a sweep, "
                     "MSE/coverage vs k with 95 % error bars, lambda x sigma^2 heatmaps and the manifolds of "
                     "each cell's first trial; for a comparison, "
                     "the best-of-T curves and error against inference time.",
                     &args))
    return 0;
  const std::string from = args.require("from");
  if (!fs::is_directory(from)) throw UsageError("--from: " + from + " is not a folder");
  const bool is_sweep = fs::exists(fs::path(from) / "summary.json");
  const bool is_run = fs::exists(fs::path(from) / "model.json");
  const bool is_compare = fs::exists(fs::path(from) / "compare.json");
  if (!is_sweep && !is_run && !is_compare)
    throw UsageError("--from: " + from + " holds none of summary.json, model.json or compare.json");
  auto number = [&](const char* flag, const char* fallback, const NumberRange& range) {
    return parse_flag_number(std::string("--") + flag, args.get(flag, fallback), range);
  };
  FigureJob job;
  job.options.width = static_cast<int>(number("width", "900", {100, 10000, false, true}));
  job.options.height = static_cast<int>(number("height", "600", {100, 10000, false, true}));
  job.options.dpi = static_cast<int>(number("dpi", "300", {30, 1200, false, true}));
  job.font_pt = number("font-size", "10", {4, 72});
  job.formats = QString::fromStdString(args.get("formats", "png,pdf")).split(',', Qt::SkipEmptyParts);
  for (const auto& f : job.formats)
    if (f != "png" && f != "pdf" && f != "svg") throw UsageError("--formats: unknown format '" + f.toStdString() + "'");
  job.out_dir = QString::fromStdString(args.get("out", (fs::path(from) / "figures").string()));
  if (!QDir().mkpath(job.out_dir)) throw std::runtime_error("cannot create " + job.out_dir.toStdString());

  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  int qt_argc = 1;
  char app_name[] = "manifoldlab-cli";
  char* qt_argv[] = {app_name, nullptr};
  QApplication app(qt_argc, qt_argv);
  if (is_sweep) sweep_figures(QString::fromStdString(from), job);
  if (is_compare) compare_figures(from, job);
  if (is_run)
    ui::render_run_panels(QString::fromStdString(from), {"loss", "manifolds", "view", "results", "coverage"},
                          job.options.width, job.options.height, [&](QCustomPlot* plot, const QString& panel) {
                            job.style(plot);
                            job.save(plot, panel);
                          });
  std::fprintf(stderr, "%d figure file(s) in %s\n", job.written, job.out_dir.toStdString().c_str());
  return 0;
}

}  // namespace ml::cli
