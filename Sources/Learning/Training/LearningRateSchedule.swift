import Vocabulary
import Foundation

extension Hyperparameters {
    /// The learning rate that epoch `epoch` (1-based, counted since the weights were initialized)
    /// uses for every one of its steps, from `learningRate`, `schedule`, `warmup` and `epochs`.
    ///
    /// With η = learningRate, W = warmup and T = epochs − W (the length of one cycle):
    /// - warm-up, epoch e <= W: η·e/W, a linear ramp ending at η (P. Goyal et al. (2017),
    ///   "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour", section 2.2, gradual warm-up);
    /// - then t = (e − W − 1) mod T, the 0-based epoch inside the current cycle:
    ///   - `constant`: η;
    ///   - `step`: η, η/10 from 2t >= T on, η/100 from 4t >= 3T on (K. He et al. (2016), "Deep
    ///     Residual Learning for Image Recognition", CVPR, section 4.2: the rate divided by 10 at
    ///     32k and 48k of 64k iterations, half and three quarters of training);
    ///   - `cosine`: η·(1 + cos(π·t/T))/2 (I. Loshchilov and F. Hutter (2017), "SGDR: Stochastic
    ///     Gradient Descent with Warm Restarts", ICLR, eq. 5 with η_min = 0), so the first epoch
    ///     of a cycle uses η and the last η·(1 + cos(π·(T − 1)/T))/2 > 0.
    ///
    /// Epochs past `epochs` (training on with `continue`) start a new cycle at η: SGDR's warm
    /// restart with a period of T epochs. When W >= epochs, every epoch after the warm-up uses η.
    /// Because the rate depends on the epoch number only, n epochs then m more train exactly as
    /// n + m epochs at once.
    ///
    /// - Parameter epoch: 1-based; values below 1 are read as 1.
    /// - Returns: a rate in (0, learningRate].
    public func learningRate(epoch: Int) -> Double {
        let e = Swift.max(epoch, 1)
        let w = Swift.max(warmup, 0)
        if e <= w { return learningRate * Double(e) / Double(w) }
        let cycle = epochs - w
        guard cycle > 0 else { return learningRate }
        let t = (e - w - 1) % cycle
        switch schedule {
        case .constant:
            return learningRate
        case .step:
            let drops = (2 * t >= cycle ? 1 : 0) + (4 * t >= 3 * cycle ? 1 : 0)
            return drops == 0 ? learningRate : learningRate / Foundation.pow(10, Double(drops))
        case .cosine:
            return learningRate * (1 + Foundation.cos(Double.pi * Double(t) / Double(cycle))) / 2
        }
    }
}
