#include "ui/dialogs/about_dialog.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace ml::ui {

void show_about(QWidget* parent) {
  const QString text =
      QObject::tr(
          "<h3>ManifoldLab %1</h3>"
          "<p>A mixture of tandem networks for ill-posed inverse problems. A forward network <i>f</i> learns "
          "the simulator x&nbsp;→&nbsp;y; then <i>k</i> inverse networks <i>g<sub>m</sub></i>: y&nbsp;→&nbsp;x are "
          "trained one after another through the frozen <i>f</i> (the tandem loss), each repelled from the earlier "
          "ones so that they cover different branches of the solution manifold. For a target y the forward model "
          "picks the proposal whose f(g<sub>m</sub>(y)) lands closest.</p>"
          "<p><b>References</b></p><ul>"
          "<li>K. Ramachandran, S. Ren, J. Malof (Duke University, Electrical and Computer Engineering): "
          "<i>Mixture manifold model for inverse regression problems</i>, poster.</li>"
          "<li>D. Liu, Y. Tan, E. Khoram, Z. Yu: <i>Training deep neural networks for the inverse design of "
          "nanophotonic "
          "structures</i>, ACS Photonics 5(4), 2018 (the tandem network).</li>"
          "<li>S. Ren, W. Padilla, J. Malof: <i>Benchmarking deep inverse models over time, and the neural-adjoint "
          "method</i>, "
          "NeurIPS 2020 (benchmark problems, neural adjoint).</li></ul>"
          "<p>Built with LibTorch, Qt %2 and QCustomPlot.</p>")
          .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()));
  QMessageBox::about(parent, QObject::tr("About ManifoldLab"), text);
}

}  // namespace ml::ui
